// The daemons `ps` shows for the services a decky runs, with the command lines and accounts each
// distro family uses (apache2 vs httpd, mariadbd vs mysqld, Debian-snmp ...). sshd is added by the shell.
import type { ShellProcessSeed } from '../_shell/persona';
import type { SqlServer, WebServer } from './release-types';

export interface ProcessChoice {
  family: 'debian' | 'rhel' | 'alpine';
  web: WebServer;
  sql: SqlServer;
  ftp: 'vsftpd' | 'ProFTPD';
  mta: 'postfix' | 'exim' | 'sendmail';
  /** PostgreSQL major the distro ships (14 on Ubuntu 22.04, 15 on Debian 12 ...). */
  pgMajor: number;
  workers: number;
}

type P = ShellProcessSeed;

function web(c: ProcessChoice): P[] {
  const deb = c.family === 'debian';
  if (c.web === 'nginx') {
    const user = deb ? 'www-data' : 'nginx';
    return [{ user: 'root', command: 'nginx: master process /usr/sbin/nginx -g daemon on; master_process on;' }, ...Array.from({ length: c.workers }, () => ({ user, command: 'nginx: worker process' }))];
  }
  if (deb) return [{ user: 'root', command: '/usr/sbin/apache2 -k start' }, ...Array.from({ length: c.workers + 1 }, () => ({ user: 'www-data', command: '/usr/sbin/apache2 -k start' }))];
  if (c.family === 'alpine') return [{ user: 'root', command: '/usr/sbin/httpd -k start' }, ...Array.from({ length: c.workers }, () => ({ user: 'apache', command: '/usr/sbin/httpd -k start' }))];
  return [{ user: 'root', command: '/usr/sbin/httpd -DFOREGROUND' }, ...Array.from({ length: c.workers + 1 }, () => ({ user: 'apache', command: '/usr/sbin/httpd -DFOREGROUND' }))];
}

function sql(c: ProcessChoice): P[] {
  if (c.sql === 'mariadb') return [{ user: 'mysql', command: c.family === 'rhel' ? '/usr/libexec/mariadbd --basedir=/usr' : '/usr/sbin/mariadbd', rssKb: 98_000 }];
  return [{ user: 'mysql', command: c.family === 'rhel' ? '/usr/libexec/mysqld --basedir=/usr' : '/usr/sbin/mysqld', rssKb: 380_000 }];
}

function mta(c: ProcessChoice): P[] {
  if (c.mta === 'exim') return [{ user: 'Debian-exim', command: '/usr/sbin/exim4 -bd -q30m' }];
  if (c.mta === 'sendmail') return [{ user: 'root', command: 'sendmail: MTA: accepting connections' }, { user: 'smmsp', command: 'sendmail: MSP: Queue runner@01:00:00 for /var/spool/clientmqueue' }];
  const master = c.family === 'debian' ? '/usr/lib/postfix/sbin/master -w' : '/usr/libexec/postfix/master -w';
  return [{ user: 'root', command: master }, { user: 'postfix', command: 'qmgr -l -t unix -u' }, { user: 'postfix', command: 'pickup -l -t unix -u -c' }];
}

function postgres(c: ProcessChoice): P[] {
  const v = c.pgMajor;
  const main = c.family === 'debian' ? `/usr/lib/postgresql/${v}/bin/postgres -D /var/lib/postgresql/${v}/main -c config_file=/etc/postgresql/${v}/main/postgresql.conf` : '/usr/bin/postgres -D /var/lib/pgsql/data';
  const tag = c.family === 'debian' ? `${v}/main: ` : '';
  return [{ user: 'postgres', command: main }, ...['checkpointer', 'background writer', 'walwriter', 'autovacuum launcher', 'logical replication launcher'].map((p) => ({ user: 'postgres', command: `postgres: ${tag}${p} ` }))];
}

/** Processes for each service slug; unknown slugs contribute nothing. */
export function serviceProcesses(services: readonly string[], c: ProcessChoice): ShellProcessSeed[] {
  const deb = c.family === 'debian';
  const table: Record<string, () => P[]> = {
    http: () => web(c),
    https: () => web(c),
    mysql: () => sql(c),
    postgres: () => postgres(c),
    redis: () => [{ user: 'redis', command: '/usr/bin/redis-server 0.0.0.0:6379' }],
    ftp: () => (c.ftp === 'ProFTPD' ? [{ user: 'proftpd', command: 'proftpd: (accepting connections)' }] : [{ user: 'root', command: deb ? '/usr/sbin/vsftpd /etc/vsftpd.conf' : '/usr/sbin/vsftpd /etc/vsftpd/vsftpd.conf' }]),
    smtp: () => mta(c),
    smtp_relay: () => mta(c),
    imap: () => [{ user: 'root', command: '/usr/sbin/dovecot -F' }, { user: 'dovecot', command: 'dovecot/anvil' }, { user: 'root', command: 'dovecot/log' }, { user: 'root', command: 'dovecot/config' }],
    telnet: () => [{ user: 'root', command: c.family === 'alpine' ? '/usr/sbin/telnetd -F' : deb ? '/usr/sbin/inetutils-inetd' : '/usr/sbin/xinetd -stayalive -pidfile /var/run/xinetd.pid' }],
    smb: () => [{ user: 'root', command: '/usr/sbin/smbd --foreground --no-process-group' }, { user: 'root', command: '/usr/sbin/nmbd --foreground --no-process-group' }],
    snmp: () => [deb ? { user: 'Debian-snmp', command: '/usr/sbin/snmpd -LOw -u Debian-snmp -g Debian-snmp -I -smux mteTrigger mteTriggerConf -f -p /run/snmpd.pid' } : { user: 'root', command: '/usr/sbin/snmpd -LS0-6d -f' }],
    mqtt: () => [{ user: 'mosquitto', command: '/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf' }],
    sip: () => [{ user: 'asterisk', command: '/usr/sbin/asterisk -U asterisk -G asterisk' }],
    ldap: () => [{ user: 'openldap', command: '/usr/sbin/slapd -h ldap:/// ldapi:/// -g openldap -u openldap -F /etc/ldap/slapd.d' }],
    dns: () => [{ user: deb ? 'bind' : 'named', command: deb ? '/usr/sbin/named -f -u bind' : '/usr/sbin/named -u named -c /etc/named.conf' }],
    mongodb: () => [{ user: 'mongodb', command: '/usr/bin/mongod --config /etc/mongod.conf', rssKb: 160_000 }],
    elasticsearch: () => [{ user: 'elasticsearch', command: '/usr/share/elasticsearch/jdk/bin/java -Xms1g -Xmx1g -XX:+UseG1GC -Des.path.home=/usr/share/elasticsearch -Des.path.conf=/etc/elasticsearch -cp /usr/share/elasticsearch/lib/* org.elasticsearch.bootstrap.Elasticsearch', rssKb: 1_200_000 }],
    docker_api: () => [{ user: 'root', command: '/usr/bin/containerd' }, { user: 'root', command: '/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375 --containerd=/run/containerd/containerd.sock' }],
    k8s: () => [{ user: 'root', command: '/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml' }],
    mssql: () => [{ user: 'mssql', command: '/opt/mssql/bin/sqlservr', rssKb: 700_000 }],
    rdp: () => [{ user: 'xrdp', command: '/usr/sbin/xrdp' }, { user: 'root', command: '/usr/sbin/xrdp-sesman' }],
    vnc: () => [{ user: 'root', command: '/usr/bin/Xtigervnc :1 -desktop VNC -auth /root/.Xauthority -geometry 1280x800 -depth 24 -rfbport 5900 -PasswordFile /root/.vnc/passwd' }],
    tftp: () => [{ user: 'root', command: '/usr/sbin/in.tftpd --listen --user tftp --address :69 --secure /srv/tftp' }],
  };
  // One daemon serves both http and https, smtp and its relay mode, imap and pop3.
  const alias: Record<string, string> = { https: 'http', smtp_relay: 'smtp', pop3: 'imap' };
  const out: ShellProcessSeed[] = [];
  for (const s of new Set(services.map((x) => alias[x] ?? x))) out.push(...(table[s]?.() ?? []));
  return out;
}
