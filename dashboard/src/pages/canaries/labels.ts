// Human names for the canary generators (the list itself, kinds and paths come from the API).
import type { CanaryGenerator } from '../../api/canary-api';

export const GENERATOR_LABELS: Record<CanaryGenerator, string> = {
  env: '.env file (app secrets + URL)',
  aws_credentials: 'AWS credentials file',
  ssh_key: 'SSH private key',
  git_config: 'git config (token in remote URL)',
  mysql_dump: 'MySQL dump',
  html: 'HTML page (browser fingerprint)',
  svg: 'SVG image (browser fingerprint)',
  docx: 'Word document',
  pdf: 'PDF document',
  url: 'Bare URL',
  dns: 'DNS name',
  credential: 'Username and password',
};

export const labelOf = (g: CanaryGenerator): string => GENERATOR_LABELS[g] ?? g;
