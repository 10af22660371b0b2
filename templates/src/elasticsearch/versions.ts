// Elasticsearch builds a persona may claim, as their own `GET /` reports them (number, build hash and
// date, Lucene, wire/index compatibility) plus the bundled JDK: every field of one build agrees (D5).
export interface EsBuild {
  number: string;
  hash: string;
  date: string;
  lucene: string;
  minWire: string;
  minIndex: string;
  /** Bundled OpenJDK of that build (`_nodes` jvm.version). */
  jdk: string;
}

const V7 = { minWire: '6.8.0', minIndex: '6.0.0-beta1' };
const V8 = { minWire: '7.17.0', minIndex: '7.0.0' };

export const ES_BUILDS: readonly EsBuild[] = [
  { number: '7.6.2', hash: 'ef48eb35cf30adf4db14086e8aabd07ef6fb113f', date: '2020-03-26T06:34:37.794943Z', lucene: '8.4.0', jdk: '13.0.2', ...V7 },
  { number: '7.10.2', hash: '747e1cc71def077253878a59143c1f785afa92b9', date: '2021-01-13T00:42:12.435326Z', lucene: '8.7.0', jdk: '15.0.1', ...V7 },
  { number: '7.17.4', hash: '79878662c54c886ae89206c685d9f1051a9d6411', date: '2022-05-18T18:04:20.964345128Z', lucene: '8.11.1', jdk: '18.0.1', ...V7 },
  { number: '7.17.9', hash: 'ef48222227ee6b9e70e502f0f0daa52435ee634d', date: '2023-01-31T05:34:43.305517834Z', lucene: '8.11.1', jdk: '19.0.2', ...V7 },
  { number: '7.17.18', hash: '8682172c2130b9a411b1bd5ff37c9792367de6b0', date: '2024-02-02T12:04:59.691750271Z', lucene: '8.11.1', jdk: '21.0.2', ...V7 },
  { number: '8.4.3', hash: '42f05b9372a9a4a470db3b52817899b99a76ee73', date: '2022-10-04T07:17:24.662462378Z', lucene: '9.3.0', jdk: '18.0.2.1', ...V8 },
  { number: '8.7.1', hash: 'f229ed3f893a515d590d0f39b05f68913e2d9b53', date: '2023-04-27T04:33:42.127815583Z', lucene: '9.5.0', jdk: '20.0.1', ...V8 },
  { number: '8.12.2', hash: '48a287ab9497e852de30327444b0809e55d46466', date: '2024-02-19T10:04:32.774273190Z', lucene: '9.9.2', jdk: '21.0.2', ...V8 },
  { number: '8.13.0', hash: '09df99393193b2c53d92899662a8b8b3c55b45cd', date: '2024-03-22T03:35:46.757803203Z', lucene: '9.10.0', jdk: '21.0.2', ...V8 },
  { number: '8.15.0', hash: '1a77947f34deddb41af25e6f0ddb8e830159c179', date: '2024-08-05T10:05:34.233336849Z', lucene: '9.11.1', jdk: '22.0.1', ...V8 },
];

export const ES_VERSION_NUMBERS = ES_BUILDS.map((b) => b.number) as [string, ...string[]];

export const major = (b: EsBuild): number => Number(b.number.split('.')[0]);

/** 7.14+ sends `X-elastic-product: Elasticsearch` on every authenticated answer. */
export function sendsProductHeader(b: EsBuild): boolean {
  const [ma = 0, mi = 0] = b.number.split('.').map(Number);
  return ma > 7 || (ma === 7 && mi >= 14);
}

/** `_cat/nodes` node.role letters of that release. */
export const nodeRoles = (b: EsBuild): string => (sendsProductHeader(b) ? 'cdfhilmrstw' : 'cdhilmrstw');
