// Bodies of the Docker Engine API endpoints (types.go of the API): /version, /info with the real
// daemon's "API is accessible without encryption" warning, container and image lists, inspect.
import type { Persona } from '../persona/types';
import type { BaitContainer, DockerApiPersona } from './persona';

type Obj = Record<string, unknown>;

const goArch = (arch: string): string => (arch === 'aarch64' ? 'arm64' : 'amd64');

export function versionBody(d: DockerApiPersona, p: Persona): Obj {
  const b = d.build;
  const details = { ApiVersion: b.api, Arch: goArch(p.shell.arch), BuildTime: b.buildTime, Experimental: 'false', GitCommit: b.commit, GoVersion: b.go, KernelVersion: p.shell.kernelRelease, MinAPIVersion: b.minApi, Os: 'linux' };
  return {
    Platform: { Name: 'Docker Engine - Community' },
    Components: [
      { Name: 'Engine', Version: b.version, Details: details },
      { Name: 'containerd', Version: b.containerd.version, Details: { GitCommit: b.containerd.commit } },
      { Name: 'runc', Version: b.runc.version, Details: { GitCommit: b.runc.commit } },
      { Name: 'docker-init', Version: '0.19.0', Details: { GitCommit: 'de40ad0' } },
    ],
    Version: b.version, ApiVersion: b.api, MinAPIVersion: b.minApi, GitCommit: b.commit, GoVersion: b.go, Os: 'linux', Arch: goArch(p.shell.arch),
    KernelVersion: p.shell.kernelRelease, BuildTime: b.buildTime,
  };
}

export function infoBody(d: DockerApiPersona, p: Persona, nowMs: number, port: number): Obj {
  const running = d.containers.filter((c) => c.running).length;
  const cgroup2 = !/^(3\.|4\.|5\.[0-7]\.)/.test(p.shell.kernelRelease);
  return {
    ID: d.daemonId, Containers: d.containers.length, ContainersRunning: running, ContainersPaused: 0, ContainersStopped: d.containers.length - running,
    Images: d.images.length, Driver: 'overlay2', DriverStatus: [['Backing Filesystem', 'extfs'], ['Supports d_type', 'true'], ['Using metacopy', 'false'], ['Native Overlay Diff', 'true'], ['userxattr', 'false']],
    Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'], Authorization: null, Log: ['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'logentries', 'splunk', 'syslog'] },
    MemoryLimit: true, SwapLimit: false, CpuCfsPeriod: true, CpuCfsQuota: true, CPUShares: true, CPUSet: true, PidsLimit: true, IPv4Forwarding: true,
    BridgeNfIptables: true, BridgeNfIp6tables: true, Debug: false, NFd: 38 + running * 6, OomKillDisable: false, NGoroutines: 44 + running * 9,
    SystemTime: new Date(nowMs).toISOString().replace('Z', '000000Z'), LoggingDriver: 'json-file', CgroupDriver: cgroup2 ? 'systemd' : 'cgroupfs', CgroupVersion: cgroup2 ? '2' : '1',
    NEventsListener: 0, KernelVersion: p.shell.kernelRelease, OperatingSystem: p.shell.osPrettyName, OSVersion: /\d+(\.\d+)?/.exec(p.shell.osPrettyName)?.[0] ?? '', OSType: 'linux',
    Architecture: p.shell.arch, IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: { AllowNondistributableArtifactsCIDRs: null, AllowNondistributableArtifactsHostnames: null, InsecureRegistryCIDRs: ['127.0.0.0/8'], IndexConfigs: { 'docker.io': { Name: 'docker.io', Mirrors: [], Secure: true, Official: true } }, Mirrors: null },
    NCPU: p.shell.cpuCount, MemTotal: p.shell.memTotalKb * 1024, GenericResources: null, DockerRootDir: '/var/lib/docker', HttpProxy: '', HttpsProxy: '', NoProxy: '',
    Name: p.hostname, Labels: [], ExperimentalBuild: false, ServerVersion: d.build.version,
    Runtimes: { 'io.containerd.runc.v2': { path: 'runc' }, runc: { path: 'runc' } }, DefaultRuntime: 'runc',
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: false, Isolation: '', InitBinary: 'docker-init',
    ContainerdCommit: { ID: d.build.containerd.commit, Expected: d.build.containerd.commit }, RuncCommit: { ID: d.build.runc.commit, Expected: d.build.runc.commit }, InitCommit: { ID: 'de40ad0', Expected: 'de40ad0' },
    SecurityOptions: ['name=apparmor', 'name=seccomp,profile=builtin', ...(cgroup2 ? ['name=cgroupns'] : [])],
    Warnings: [`WARNING: API is accessible on http://0.0.0.0:${port} without encryption.\n         Access to the remote API is equivalent to root access on the host. Refer\n         to the 'Docker daemon attack surface' section in the documentation for\n         more information: https://docs.docker.com/go/attack-surface/`, ...(cgroup2 ? [] : ['WARNING: No swap limit support'])],
  };
}

/** go-units HumanDuration, as `docker ps` prints it. */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(s / 60);
  const hours = Math.round(s / 3600);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

const ago = (nowMs: number, sec: number): string => humanDuration(nowMs / 1000 - sec);

export function containerSummary(c: BaitContainer, nowMs: number, bootSec: number): Obj {
  return {
    Id: c.id, Names: [`/${c.name}`], Image: c.image, ImageID: c.imageId, Command: c.command, Created: c.created, Ports: c.ports, Labels: {},
    State: c.running ? 'running' : 'exited', Status: c.running ? `Up ${ago(nowMs, Math.max(c.created, bootSec))}` : `Exited (0) ${ago(nowMs, c.created + 3600)} ago`,
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: { bridge: { IPAMConfig: null, Links: null, Aliases: null, NetworkID: c.id.slice(32) + c.id.slice(0, 32), EndpointID: c.running ? c.id.split('').reverse().join('') : '', Gateway: c.running ? '172.17.0.1' : '', IPAddress: c.running ? '172.17.0.2' : '', IPPrefixLen: c.running ? 16 : 0, IPv6Gateway: '', GlobalIPv6Address: '', GlobalIPv6PrefixLen: 0, MacAddress: '', DriverOpts: null } } },
    Mounts: [],
  };
}

export function imageSummary(d: DockerApiPersona): Obj[] {
  return d.images.map((i) => ({ Containers: -1, Created: i.created, Id: i.id, Labels: null, ParentId: '', RepoDigests: [`${i.repoTag.split(':')[0]}@${i.digest}`], RepoTags: [i.repoTag], SharedSize: -1, Size: i.sizeBytes, VirtualSize: i.sizeBytes }));
}

export function containerInspect(c: BaitContainer, bootSec: number): Obj {
  const started = new Date(Math.max(c.created, bootSec) * 1000).toISOString();
  return {
    Id: c.id, Created: new Date(c.created * 1000).toISOString(), Path: c.command.split(' ')[0], Args: c.command.split(' ').slice(1),
    State: { Status: c.running ? 'running' : 'exited', Running: c.running, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: c.running ? 1000 + (parseInt(c.id.slice(0, 4), 16) % 30_000) : 0, ExitCode: 0, Error: '', StartedAt: started, FinishedAt: '0001-01-01T00:00:00Z' },
    Image: c.imageId, Name: `/${c.name}`, RestartCount: 0, Driver: 'overlay2', Platform: 'linux',
    HostConfig: { Binds: null, NetworkMode: 'bridge', RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 }, Privileged: false },
    Config: { Hostname: c.id.slice(0, 12), Image: c.image, Cmd: c.command.split(' ').slice(1), Entrypoint: [c.command.split(' ')[0]], Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Labels: {} },
  };
}

export const message = (m: string): Obj => ({ message: m });
