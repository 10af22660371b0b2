// Text bait: a .env, a git config, an AWS credentials file, a MySQL dump and a plain credential
// note, each carrying the token's URL and/or its credential values.
export interface TextBait {
  url: string;
  principal: string;
  secret: string;
  /** Seeded choices (company, host names) so one token always renders the same file. */
  pick: <T>(xs: readonly T[]) => T;
}

export function envFile(b: TextBait): string {
  const app = b.pick(['billing-api', 'portal', 'crm-sync', 'orders', 'hr-tools']);
  return `# ${app} production settings - do not commit
APP_ENV=production
APP_DEBUG=false
APP_URL=https://${app}.internal
DB_CONNECTION=mysql
DB_HOST=db01.internal
DB_PORT=3306
DB_DATABASE=${app.replace(/-/g, '_')}
DB_USERNAME=${b.principal}
DB_PASSWORD=${b.secret}
REDIS_HOST=cache01.internal
MAIL_MAILER=smtp
MAIL_HOST=smtp.office365.com
# Deploy notifications (ops chat relay)
DEPLOY_WEBHOOK_URL=${b.url}
`;
}

export function gitConfig(b: TextBait): string {
  const repo = b.pick(['infra', 'deploy-scripts', 'backend', 'ansible', 'terraform-live']);
  const u = new URL(b.url);
  return `[core]
\trepositoryformatversion = 0
\tfilemode = true
\tbare = false
\tlogallrefupdates = true
[remote "origin"]
\turl = ${u.protocol}//${b.principal}:${b.secret}@${u.host}${u.pathname}/${repo}.git
\tfetch = +refs/heads/*:refs/remotes/origin/*
[branch "main"]
\tremote = origin
\tmerge = refs/heads/main
`;
}

export function awsCredentials(b: TextBait): string {
  return `[default]
aws_access_key_id = ${b.principal}
aws_secret_access_key = ${b.secret}
region = ${b.pick(['us-east-1', 'eu-west-1', 'eu-central-1', 'us-west-2'])}

[backup]
aws_access_key_id = ${b.principal}
aws_secret_access_key = ${b.secret}
output = json
`;
}

export function mysqlDump(b: TextBait): string {
  const db = b.pick(['crm', 'billing', 'intranet', 'shop']);
  return `-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: ${db}
-- ------------------------------------------------------
-- Server version\t8.0.36-0ubuntu0.22.04.1

/*!40101 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS \`service_accounts\`;
CREATE TABLE \`service_accounts\` (
  \`id\` int NOT NULL AUTO_INCREMENT,
  \`username\` varchar(64) NOT NULL,
  \`password\` varchar(128) NOT NULL,
  \`callback_url\` varchar(255) DEFAULT NULL,
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES \`service_accounts\` WRITE;
INSERT INTO \`service_accounts\` VALUES (1,'${b.principal}','${b.secret}','${b.url}');
UNLOCK TABLES;
-- Dump completed
`;
}

export function credentialNote(b: TextBait): string {
  return `# service account (rotate yearly)
user: ${b.principal}
password: ${b.secret}
portal: ${b.url}
`;
}
