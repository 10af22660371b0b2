// kube-apiserver builds a persona may claim, as their own `/version` reports them (git commit,
// build date, Go toolchain), so the banner names a release that existed (D1/D5).
export interface KubeBuild {
  gitVersion: string;
  gitCommit: string;
  buildDate: string;
  goVersion: string;
}

export const KUBE_BUILDS: readonly KubeBuild[] = [
  { gitVersion: 'v1.27.3', gitCommit: '25b4e43193bcda6c7328a6d147b1fb73a33f1598', buildDate: '2023-06-14T09:47:40Z', goVersion: 'go1.20.5' },
  { gitVersion: 'v1.28.3', gitCommit: 'a8a1abc25cad87333840cd7d54be2efaf31a3177', buildDate: '2023-10-18T11:33:18Z', goVersion: 'go1.20.10' },
  { gitVersion: 'v1.29.0', gitCommit: '3f7a50f38688eb332e2a1b013678c6435d539ae6', buildDate: '2023-12-13T08:43:25Z', goVersion: 'go1.21.5' },
  { gitVersion: 'v1.30.0', gitCommit: '7c48c2bd72b9bf5c44d21d7338cc7bea77d0ad2a', buildDate: '2024-04-17T17:27:03Z', goVersion: 'go1.22.2' },
];

export const KUBE_VERSIONS = KUBE_BUILDS.map((b) => b.gitVersion) as [string, ...string[]];

export const minorOf = (b: KubeBuild): string => b.gitVersion.split('.')[1] ?? '0';
