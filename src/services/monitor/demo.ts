// The demo's monitor entries (npm start on a fresh database). None of them is a
// fact: every one is marked "sample — not a real event" in its text, in the data
// (sample = true) and on every screen, and cites one sample source at a reserved
// example address (RFC 2606), titled as what it is. They only show how the tally,
// the map and the benchmark timelines work. A real deployment starts empty
// (JIRGA_DEMO=0) and every fact comes from a person, with a real source.
import type { ClaimInput, EngagementType, Sector } from '../../monitor/model.ts';
import { MonitorService } from './service.ts';
import type { ServiceContext } from '../context.ts';

const MARK = { en: 'Sample — not a real event.', fa: 'نمونه — رویداد واقعی نیست.', ps: 'بېلګه — رښتینې پېښه نه ده.' };

const SAMPLE_SOURCE = {
  title: 'Sample source — not a real document (Jirga demo)',
  publisher: 'Jirga demo data',
  url: 'https://example.org/jirga-demo/sample-source',
  publishedOn: '2025-01-01',
  language: 'en',
};

const EVENTS: [string, EngagementType, Sector | undefined, string, string, string, string][] = [
  ['QA', 'ministerial-visit', undefined, '2024-11-12', 'A ministerial visit (illustration).', 'یک دیدار وزیرانه (برای نمایش).', 'یوه وزیرانه لیدنه (د ښودنې لپاره).'],
  ['QA', 'agreement', 'aviation', '2025-03-04', 'An aviation agreement (illustration).', 'یک توافق هوانوردی (برای نمایش).', 'د هوايي چلند یو تړون (د ښودنې لپاره).'],
  ['UZ', 'agreement', 'transport-transit', '2025-02-18', 'A transit agreement (illustration).', 'یک توافق ترانزیتی (برای نمایش).', 'د ترانزیټ یو تړون (د ښودنې لپاره).'],
  ['UZ', 'head-of-state-visit', undefined, '2025-07-22', 'A head-of-state visit (illustration).', 'دیدار یک رئیس دولت (برای نمایش).', 'د یوه دولت مشر لیدنه (د ښودنې لپاره).'],
  ['CN', 'envoy-credentials', undefined, '2024-01-30', 'Credentials of a regime envoy accepted (illustration).', 'پذیرش اعتبارنامهٔ فرستادهٔ رژیم (برای نمایش).', 'د رژیم د استازي باورلیک منل (د ښودنې لپاره).'],
  ['CN', 'agreement', 'natural-resources', '2025-05-09', 'A mining agreement (illustration).', 'یک توافق معدن (برای نمایش).', 'د کانونو یو تړون (د ښودنې لپاره).'],
  ['RU', 'formal-recognition', undefined, '2025-07-03', 'Formal recognition (illustration).', 'به رسمیت شناختن رسمی (برای نمایش).', 'رسمي پېژندنه (د ښودنې لپاره).'],
  ['PK', 'agreement', 'migration-deportation', '2025-04-15', 'A deportation arrangement (illustration).', 'یک توافق اخراج مهاجران (برای نمایش).', 'د کډوالو د شړلو یو تړون (د ښودنې لپاره).'],
  ['DE', 'humanitarian-contact', undefined, '2025-06-10', 'Humanitarian-only contact (illustration).', 'تماس صرفاً بشردوستانه (برای نمایش).', 'یوازې بشري اړیکه (د ښودنې لپاره).'],
];

const text = (en: string, fa: string, ps: string) => ({ en: `${MARK.en} ${en}`, 'fa-AF': `${MARK.fa} ${fa}`, 'ps-AF': `${MARK.ps} ${ps}` });

/** Seed the sample entries; returns how many claims were created. */
export async function seedDemoMonitor(ctx: Pick<ServiceContext, 'db'>): Promise<number> {
  const service = new MonitorService(ctx);
  const events: ClaimInput[] = EVENTS.map(([state, type, sector, date, en, fa, ps]) => ({ kind: 'engagement', text: text(en, fa, ps), date, sources: [], engagement: { state, type, ...(sector ? { sector } : {}) } }));
  const statement: ClaimInput = {
    kind: 'statement',
    text: text('A decree restricting women’s work (illustration).', 'فرمانی که کار زنان را محدود می‌کند (برای نمایش).', 'یو فرمان چې د ښځو کار محدودوي (د ښودنې لپاره).'),
    date: '2025-02-01',
    sources: [],
    benchmarks: ['women-and-girls'],
  };
  const ids = await service.seedSamples(SAMPLE_SOURCE, [...events, statement]);
  const evidence = ids.at(-1)!;
  const assessments: ClaimInput[] = [
    { kind: 'assessment', text: text('Assessment for the demo.', 'ارزیابی برای نمایش.', 'د ښودنې لپاره ارزونه.'), date: '2025-02-02', sources: [], assessment: { benchmark: 'women-and-girls', status: 'regressing', evidence: [evidence] } },
    { kind: 'assessment', text: text('Assessment for the demo.', 'ارزیابی برای نمایش.', 'د ښودنې لپاره ارزونه.'), date: '2025-02-02', sources: [], assessment: { benchmark: 'inclusive-settlement', status: 'not-met', evidence: [evidence] } },
  ];
  const more = await service.seedSamples({ ...SAMPLE_SOURCE, title: 'Sample assessment notes — not a real document (Jirga demo)', url: 'https://example.org/jirga-demo/sample-assessment' }, assessments);
  return ids.length + more.length;
}
