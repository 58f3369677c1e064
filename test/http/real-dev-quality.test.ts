/**
 * Detection on real claimants: the real-dev stream (`../shared/data/real-dev/stream.jsonl`, real
 * texts in the intake contract's shape; never copied into the project) posted through the batch
 * endpoint under the default rule set. Floors, so a regression fails CI:
 * - repeat plaintiffs (≥ 3 suits) reach review: at least 30 of the 34 (32 measured);
 * - nobody else is flagged: one- and two-suit plaintiffs, citizens, car owners;
 * - every same-person template reuse is stored as a near-duplicate pair.
 * The miss report is printed as comments, as `npm run bench:quality -- --stream` prints it.
 */
import t from 'tap';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildTestApp, TOKENS } from '../helpers/app.js';
import { formatReport, injectClient, postStream, qualityReport, readStream } from '../../scripts/lib/quality-stream.js';

const STREAM = resolve(import.meta.dirname, '../../../shared/data/real-dev/stream.jsonl');

t.test(
  'rule set v2 on real claimants: repeat plaintiffs at review, nobody else flagged',
  { skip: !existsSync(STREAM) && !process.env.CI && `no real-dev stream at ${STREAM}` },
  async (t) => {
    const h = await buildTestApp(t);
    const client = injectClient(h.app, { intake: TOKENS.intake, reviewer: TOKENS.reviewer });
    const lines = readStream(STREAM);
    const people = await postStream(client, lines);
    const report = await qualityReport(h.app, client, people, lines, await h.app.services.rules.active());
    for (const line of formatReport(report)) t.comment(line);

    t.equal(report.ruleSetVersion, 'v2');
    const group = (name: string) => report.groups.find((g) => g.group === name)!;
    t.equal(group('court-plaintiff ≥3 suits').people, 34);
    t.ok(report.truePositives >= 30, `${report.truePositives} of ${report.expected} repeat plaintiffs flagged (floor 30)`);
    t.equal(report.falsePositives, 0, 'no false flag');
    t.equal(group('court-plaintiff 1–2 suits').review, 0);
    t.equal(group('citizen-message').review, 0);
    t.equal(group('car-owner').review, 0);
    t.ok(report.nearDuplicates.pairs > 100, `${report.nearDuplicates.pairs} same-person template reuses`);
    t.equal(report.nearDuplicates.found, report.nearDuplicates.pairs, 'every one stored as a near-duplicate pair');
    t.equal(report.nearDuplicates.complaintsFound, report.nearDuplicates.complaints, 'every repeating complaint carries its pair');
    // Explanations: each person at review meets the rule with findings that carry their evidence
    // (someone flagged earlier may have a lower level now that their burst left its window).
    for (const f of report.flagged.filter((x) => x.level === 'review'))
      t.ok(f.findings.some((x) => x.count >= 1) && f.failed[0] === 'the rule holds', `${f.person} is explained`);
  },
);
