/**
 * Labelled synthetic intake data for tests, benchmarks and the demo.
 *
 * The stream imitates what a Zhejiang market-supervision bureau receives: mostly one-off
 * consumers, a few citizens who write very often about civic problems, waves of people hit by
 * one real defect, professional claimants (职业打假人) reusing templates for money, and rings of
 * people sharing identifiers. Every record carries the ground truth (`label`) so detectors can
 * be scored against it.
 *
 * Memory: each complainant keeps only the instants of its own complaints and its pending
 * events; bodies are written when their turn comes, so a province-sized year streams in a few
 * hundred MB at most.
 *
 * This module is the folder's public API, as the scripts and tests use it; the other modules
 * are its parts (shapes, randomness, time, geography, people, products, merchants, corpora/,
 * actors/, population, stream, summary).
 */
export {
  GROUPS,
  type ComplaintBody,
  type GenerateOptions,
  type Group,
  type Label,
  type Scale,
  type SyntheticRecord,
} from './shapes.js';
export { generateStream } from './stream.js';
export { createSummary, summarize } from './summary.js';
