// Which network addresses a feed or page fetch may reach: public unicast only, and the addresses a setting allows.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { createRequire } from 'node:module';
import type IpAddr from 'ipaddr.js';

/** ipaddr.js, loaded when an address is first checked (the configuration check at every start rarely needs it). */
let loadedIpaddr: typeof IpAddr | undefined;
const ipaddr = (): typeof IpAddr => (loadedIpaddr ??= createRequire(import.meta.url)('ipaddr.js') as typeof IpAddr);

export interface AddressPolicy {
  /**
   * Addresses or CIDR ranges that may be reached although they are not public (FEEDS_ALLOW_ADDRESSES): `127.0.0.1`
   * for tests with a local stand-in, `10.1.2.3` for one intranet feed. Empty: public addresses only.
   */
  allow: readonly string[];
}

export const publicOnly: AddressPolicy = { allow: [] };

/** Is this an address or CIDR range FEEDS_ALLOW_ADDRESSES can hold? */
export const isAddressOrRange = (value: string): boolean => ipaddr().isValid(value) || ipaddr().isValidCIDR(value);

const rangesOf = (policy: AddressPolicy) =>
  policy.allow.map((a) => {
    if (ipaddr().isValidCIDR(a)) return ipaddr().parseCIDR(a);
    const ip = ipaddr().process(a);
    return [ip, ip.kind() === 'ipv4' ? 32 : 128] as [IpAddr.IPv4 | IpAddr.IPv6, number];
  });

function allowedBySetting(address: string, policy: AddressPolicy): boolean {
  if (policy.allow.length === 0 || !ipaddr().isValid(address)) return false;
  const ip = ipaddr().process(address);
  return rangesOf(policy).some(([base, bits]) => base.kind() === ip.kind() && ip.match(base, bits));
}

/** A fetch refused before any byte was sent: a scheme other than http(s), or an address that is not public. */
export class FetchRefusedError extends Error {
  override readonly name = 'FetchRefusedError';
}

/**
 * The range an address belongs to ('unicast' for a public address), as ipaddr.js names them. An IPv4-mapped or
 * NAT64 (64:ff9b::/96) IPv6 address is judged by the IPv4 address it carries.
 */
export function addressRange(address: string): string {
  if (!ipaddr().isValid(address)) return 'invalid';
  const parsed = ipaddr().process(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as IpAddr.IPv6;
    const range = v6.range();
    if (range === 'rfc6052' && v6.parts[0] === 0x64 && v6.parts[1] === 0xff9b && v6.parts[2] === 0) {
      const bytes = v6.toByteArray().slice(12);
      return ipaddr().fromByteArray(bytes).range();
    }
    return range;
  }
  return parsed.range();
}

/** What kind of address this is when it may not be reached ("a loopback address"), or undefined when it may. */
export function refusalOf(address: string, policy: AddressPolicy): string | undefined {
  const range = addressRange(address);
  if (range === 'unicast' || allowedBySetting(address, policy)) return undefined;
  return `a ${describeRange(range)} address`;
}

const NOT_PUBLIC = 'not a public one (FEEDS_ALLOW_ADDRESSES can allow it)';

const RANGE_NAMES: Record<string, string> = {
  loopback: 'loopback',
  private: 'private-network',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  carrierGradeNat: 'carrier-grade NAT',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  reserved: 'reserved',
  invalid: 'invalid',
};

const describeRange = (range: string) => RANGE_NAMES[range] ?? `special-purpose (${range})`;

/** The refusal of a URL whose host is an address the policy does not allow, else undefined. */
export function literalRefusal(hostname: string, policy: AddressPolicy): string | undefined {
  const literal = literalAddress(hostname);
  const kind = literal ? refusalOf(literal, policy) : undefined;
  return literal && kind ? `refused: ${literal} is ${kind}, ${NOT_PUBLIC}` : undefined;
}

/** The host of a URL as an address when it is one (IPv6 without brackets), else undefined. */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr().isValid(bare) && (bare.includes(':') || ipaddr().IPv4.isValidFourPartDecimal(bare)) ? bare : undefined;
}

/**
 * A `lookup` for sockets that resolves every address of the host and connects only to those the policy allows,
 * so the address checked is the address connected to (a second DNS answer cannot swap in a private one).
 */
export function checkedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0, ...(options.hints ? { hints: options.hints } : {}) }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((a) => refusalOf(a.address, policy) === undefined);
      const first = allowed[0];
      if (!first) {
        const reason = addresses[0] ? `${addresses[0].address}, ${refusalOf(addresses[0].address, policy)}, ${NOT_PUBLIC}` : 'no address';
        return callback(new FetchRefusedError(`refused: ${hostname} resolves to ${reason}`), '', 0);
      }
      if (options.all) return (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, allowed);
      return callback(null, first.address, first.family);
    });
  };
}
