// CPU facts derived from the persona's model string and count, shared by /proc/cpuinfo, `lscpu`,
// `nproc` and `top` so the vendor, family, frequency and flags agree everywhere.

import type { ShellPersona } from '../persona';
import { hash32 } from './rng';

export interface CpuFacts {
  arm: boolean;
  vendorId: string;
  family: number;
  model: number;
  stepping: number;
  mhz: number;
  cacheKb: number;
  flags: string;
  bugs: string;
  addressSizes: string;
  bogomips: number;
  count: number;
}

const INTEL_FLAGS =
  'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon rep_good nopl xtopology cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch cpuid_fault invpcid_single pti ssbd ibrs ibpb stibp fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm rdseed adx smap xsaveopt arat md_clear flush_l1d arch_capabilities';
const AMD_FLAGS =
  'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm rep_good nopl cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext invpcid_single ssbd ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves clzero xsaveerptr wbnoinvd arat npt nrip_save umip pku ospke vaes vpclmulqdq rdpid fsrm arch_capabilities';
export const ARM_FEATURES = 'fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs';

/** CPUID family/model/stepping and L3 size implied by well-known model names (D5: name and numbers agree). */
function knownModel(name: string): { family: number; model: number; stepping: number; cacheKb: number } | null {
  const n = name.toLowerCase();
  if (/e5-26\d\d v4/.test(n)) return { family: 6, model: 79, stepping: 1, cacheKb: /2680|2690/.test(n) ? 35_840 : 30_720 };
  if (/e5-26\d\d v3/.test(n)) return { family: 6, model: 63, stepping: 2, cacheKb: 30_720 };
  if (/e5-26\d\d v2/.test(n)) return { family: 6, model: 62, stepping: 4, cacheKb: 25_600 };
  if (/(gold|silver|platinum) [4-8]1\d\d/.test(n)) return { family: 6, model: 85, stepping: 4, cacheKb: 22_528 };
  if (/(gold|silver|platinum) [4-8]2\d\d/.test(n)) return { family: 6, model: 85, stepping: 7, cacheKb: 28_160 };
  if (/(gold|silver|platinum) [4-8]3\d\d/.test(n)) return { family: 6, model: 106, stepping: 6, cacheKb: 49_152 };
  if (/epyc 7\d\d3/.test(n)) return { family: 25, model: 1, stepping: 1, cacheKb: 32_768 };
  if (/epyc 7\d\d2/.test(n)) return { family: 23, model: 49, stepping: 0, cacheKb: 16_384 };
  if (/epyc 9\d\d4/.test(n)) return { family: 25, model: 17, stepping: 1, cacheKb: 32_768 };
  return null;
}

export function cpuFacts(persona: ShellPersona): CpuFacts {
  const h = hash32(`${persona.seed}:cpu`);
  const count = Math.max(1, Math.min(256, Math.floor(persona.cpuCount)));
  const arm = persona.arch === 'aarch64' || persona.arch === 'arm64';
  const amd = /amd|epyc|ryzen/i.test(persona.cpuModel);
  const ghz = /@\s*([\d.]+)\s*GHz/i.exec(persona.cpuModel)?.[1];
  const mhz = ghz ? Number.parseFloat(ghz) * 1000 - 0.002 : 2000 + (h % 1500) + (h % 1000) / 1000;
  const known = knownModel(persona.cpuModel);
  if (arm) {
    return { arm, vendorId: 'ARM', family: 8, model: 1, stepping: 1, mhz, cacheKb: 0, flags: ARM_FEATURES, bugs: '', addressSizes: '48 bits physical, 48 bits virtual', bogomips: 243.75, count };
  }
  return {
    arm,
    vendorId: amd ? 'AuthenticAMD' : 'GenuineIntel',
    family: known?.family ?? (amd ? 25 : 6),
    model: known?.model ?? (amd ? 1 : 85),
    stepping: known?.stepping ?? (amd ? 1 : (h >>> 4) % 8),
    mhz,
    cacheKb: known?.cacheKb ?? (amd ? 32_768 : [16_384, 22_528, 25_344, 30_720][(h >>> 8) % 4] ?? 25_344),
    flags: amd ? AMD_FLAGS : INTEL_FLAGS,
    bugs: amd ? 'sysret_ss_attrs spectre_v1 spectre_v2 spec_store_bypass srso' : 'cpu_meltdown spectre_v1 spectre_v2 spec_store_bypass l1tf mds swapgs taa itlb_multihit mmio_stale_data retbleed',
    addressSizes: amd ? '48 bits physical, 48 bits virtual' : '46 bits physical, 48 bits virtual',
    bogomips: Math.round(mhz * 2 * 100) / 100,
    count,
  };
}

export function cpuinfo(persona: ShellPersona): string {
  const f = cpuFacts(persona);
  const blocks: string[] = [];
  for (let i = 0; i < f.count; i++) {
    if (f.arm) {
      blocks.push(
        `processor\t: ${i}\nBogoMIPS\t: ${f.bogomips.toFixed(2)}\nFeatures\t: ${f.flags}\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n`,
      );
      continue;
    }
    blocks.push(
      [
        `processor\t: ${i}`,
        `vendor_id\t: ${f.vendorId}`,
        `cpu family\t: ${f.family}`,
        `model\t\t: ${f.model}`,
        `model name\t: ${persona.cpuModel}`,
        `stepping\t: ${f.stepping}`,
        `microcode\t: 0x${f.vendorId === 'AuthenticAMD' ? 'a0011d1' : 'b000040'}`,
        `cpu MHz\t\t: ${f.mhz.toFixed(3)}`,
        `cache size\t: ${f.cacheKb} KB`,
        `physical id\t: ${i}`,
        'siblings\t: 1',
        'core id\t\t: 0',
        'cpu cores\t: 1',
        `apicid\t\t: ${i}`,
        `initial apicid\t: ${i}`,
        'fpu\t\t: yes',
        'fpu_exception\t: yes',
        `cpuid level\t: ${f.vendorId === 'AuthenticAMD' ? 16 : 20}`,
        'wp\t\t: yes',
        `flags\t\t: ${f.flags}`,
        `bugs\t\t: ${f.bugs}`,
        `bogomips\t: ${f.bogomips.toFixed(2)}`,
        'clflush size\t: 64',
        'cache_alignment\t: 64',
        `address sizes\t: ${f.addressSizes}`,
        'power management:',
        '',
      ].join('\n'),
    );
  }
  return blocks.join('\n') + '\n';
}
