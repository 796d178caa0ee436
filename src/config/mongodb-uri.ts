/** What start-up logs about a MongoDB connection string: never the credentials. */
export interface MongoUriSummary {
  /** `host:port` entries, or the SRV name for `mongodb+srv://`. */
  hosts: string[];
  database: string | undefined;
}

const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._%-]+)(?::(\d{1,5}))?$/;

/**
 * Parses a MongoDB connection string far enough to reject what the driver would reject only
 * when it first connects (tens of seconds later, without naming the variable). Returns the
 * problem as text, or the hosts and database for logging.
 */
export function parseMongoUri(uri: string): MongoUriSummary | string {
  const scheme = /^(mongodb|mongodb\+srv):\/\//.exec(uri);
  if (!scheme) {
    return 'must start with mongodb:// or mongodb+srv://';
  }
  const rest = uri.slice(scheme[0].length);
  const pathStart = rest.search(/[/?]/);
  const authority = pathStart === -1 ? rest : rest.slice(0, pathStart);
  const at = authority.lastIndexOf('@');
  const hostList = at === -1 ? authority : authority.slice(at + 1);
  if (hostList === '') {
    return 'has no host';
  }
  const hosts = hostList.split(',');
  for (const host of hosts) {
    const match = HOST.exec(host);
    if (!match) {
      return `has an invalid host "${host}"`;
    }
    const port = match[2] === undefined ? undefined : Number(match[2]);
    if (port !== undefined && (port < 1 || port > 65535)) {
      return `has an invalid port in "${host}"`;
    }
    if (scheme[1] === 'mongodb+srv' && port !== undefined) {
      return 'mongodb+srv:// takes a host name without a port';
    }
  }
  if (scheme[1] === 'mongodb+srv' && hosts.length !== 1) {
    return 'mongodb+srv:// takes exactly one host name';
  }
  const path = pathStart === -1 ? '' : rest.slice(pathStart);
  const database = /^\/([^?]+)/.exec(path)?.[1];
  return {
    hosts:
      scheme[1] === 'mongodb' ? hosts.map((h) => (HOST.exec(h)?.[2] ? h : `${h}:27017`)) : hosts,
    database: database === undefined ? undefined : decodeURIComponent(database),
  };
}

/** `host:port,host:port (database db)` for a log line; credentials and options left out. */
export function describeMongoUri(uri: string): string {
  const summary = parseMongoUri(uri);
  if (typeof summary === 'string') {
    return '(an invalid MONGODB_URI)';
  }
  return `${summary.hosts.join(',')} (database ${summary.database ?? 'test'})`;
}
