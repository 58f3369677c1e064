/** The outcome of a rescan as a diff against each complainant's stored assessment. */
import { INDICATOR_CODES } from '../detection/rule-set.js';
import type { RescanItem } from '../storage/ports.js';
import type { RescanDiff } from './types.js';
import { compareText } from '../shared/ids.js';

export const LIST_CAP = 1000;
const EXAMPLES = 20;

export class DiffBuilder {
  private flagged: RescanItem[] = [];
  private dropped: RescanItem[] = [];
  private unchanged = 0;
  private levelChanged = 0;
  private evaluated = 0;
  private byIndicator: Record<string, { before: number; after: number }> = Object.fromEntries(INDICATOR_CODES.map((c) => [c, { before: 0, after: 0 }]));

  add(item: RescanItem): void {
    this.evaluated += 1;
    for (const code of item.findings.beforeCodes) this.byIndicator[code].before += 1;
    for (const code of item.findings.codes) this.byIndicator[code].after += 1;
    if (item.outcome === 'flag') this.flagged.push(item);
    if (item.beforeLevel === 'review' && item.afterLevel !== 'review') this.dropped.push(item);
    if (item.beforeLevel !== item.afterLevel) this.levelChanged += 1;
    else if (item.outcome !== 'flag' && item.beforeScore === item.afterScore) this.unchanged += 1;
  }

  build(header: { ruleSetVersion: string; asOf: string; dryRun: boolean }): RescanDiff {
    const byScore = (a: RescanItem, b: RescanItem) => b.afterScore - a.afterScore || compareText(a.complainantId, b.complainantId);
    const flagged = [...this.flagged].sort(byScore);
    const dropped = [...this.dropped].sort((a, b) => b.beforeScore - a.beforeScore || compareText(a.complainantId, b.complainantId));
    const examples = [...flagged, ...dropped].slice(0, EXAMPLES).map((i) => ({
      complainantId: i.complainantId,
      before: { score: i.beforeScore, level: i.beforeLevel },
      after: { score: i.afterScore, level: i.afterLevel, findings: i.findings.full ?? [] },
    }));
    const moved = INDICATOR_CODES.filter((c) => this.byIndicator[c].before !== this.byIndicator[c].after)
      .map((c) => `${c} ${this.byIndicator[c].before}→${this.byIndicator[c].after}`)
      .join(', ');
    const verb = header.dryRun ? 'would be' : 'were';
    return {
      newlyFlagged: flagged.slice(0, LIST_CAP).map((i) => ({ complainantId: i.complainantId, score: i.afterScore, level: i.afterLevel })),
      noLongerReview: dropped.slice(0, LIST_CAP).map((i) => ({
        complainantId: i.complainantId,
        score: i.afterScore,
        level: i.afterLevel,
        before: { score: i.beforeScore, level: i.beforeLevel },
      })),
      unchanged: this.unchanged,
      counts: { evaluated: this.evaluated, newlyFlagged: flagged.length, noLongerReview: dropped.length, levelChanged: this.levelChanged },
      byIndicator: this.byIndicator,
      examples,
      ...(flagged.length > LIST_CAP || dropped.length > LIST_CAP ? { truncated: true as const } : {}),
      summary:
        `Rule set ${header.ruleSetVersion} as of ${header.asOf}${header.dryRun ? ' (dry run: nothing written)' : ''}: ` +
        `${this.evaluated} complainants evaluated; ${flagged.length} ${verb} newly flagged; ` +
        `${dropped.length} no longer at review (reported only, no entry is changed); ${this.levelChanged} changed level; ` +
        `${this.unchanged} unchanged.` +
        (moved ? ` Indicators (complainants before→after): ${moved}.` : ' No indicator counts changed.'),
    };
  }
}
