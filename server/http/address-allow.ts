import net from 'node:net';

/** Entries of a comma-separated list of addresses and CIDRs (`127.0.0.1/8, ::1, 10.0.0.5`). */
export function parseAddressList(text: string): { address: string; prefix?: number }[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [address = '', prefix] = entry.split('/');
      return prefix === undefined ? { address } : { address, prefix: Number(prefix) };
    });
}

/** Why an entry of the list is not an address or CIDR, or undefined when all are. */
export function addressListProblem(text: string): string | undefined {
  const entries = parseAddressList(text);
  if (entries.length === 0) return 'empty list';
  for (const e of entries) {
    const family = net.isIP(e.address);
    if (family === 0) return `not an IP address: ${e.address}`;
    const max = family === 4 ? 32 : 128;
    if (e.prefix !== undefined && !(Number.isInteger(e.prefix) && e.prefix >= 0 && e.prefix <= max))
      return `bad prefix length: ${e.address}/${String(e.prefix)}`;
  }
  return undefined;
}

/** A matcher for a checked list; IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match as IPv4. */
export function addressMatcher(text: string): (ip: string) => boolean {
  const list = new net.BlockList();
  for (const e of parseAddressList(text)) {
    const type = net.isIP(e.address) === 6 ? 'ipv6' : 'ipv4';
    if (e.prefix === undefined) list.addAddress(e.address, type);
    else list.addSubnet(e.address, e.prefix, type);
  }
  return (ip) => {
    const plain = ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
    const family = net.isIP(plain);
    return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}
