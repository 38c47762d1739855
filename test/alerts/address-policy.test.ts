// Which addresses a feed fetch may reach: public unicast only, whatever the notation, and what the setting allows.
import { describe, expect, it } from 'vitest';
import { addressRange, checkedLookup, literalRefusal, publicOnly, refusalOf } from '../../src/alerts/address-policy.js';

describe('address policy', () => {
  it('refuses every non-public IPv4 and IPv6 range, IPv4-mapped and NAT64 forms included', () => {
    const refused = {
      '127.0.0.1': 'loopback',
      '127.8.9.10': 'loopback',
      '10.1.2.3': 'private-network',
      '172.16.0.1': 'private-network',
      '192.168.1.1': 'private-network',
      '169.254.169.254': 'link-local',
      '100.64.0.1': 'carrier-grade NAT',
      '0.0.0.0': 'unspecified',
      '224.0.0.1': 'multicast',
      '255.255.255.255': 'broadcast',
      '::1': 'loopback',
      '::': 'unspecified',
      'fe80::1': 'link-local',
      'fd00::1': 'unique-local',
      'fc12::5': 'unique-local',
      'ff02::1': 'multicast',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:a9fe:a9fe': 'link-local',
      '64:ff9b::a00:1': 'private-network',
    };
    for (const [address, kind] of Object.entries(refused)) expect(refusalOf(address, publicOnly), address).toBe(`a ${kind} address`);
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
      expect(refusalOf(address, publicOnly), address).toBeUndefined();
    }
    expect(addressRange('2002:7f00:1::')).toBe('6to4');
    expect(refusalOf('2002:7f00:1::', publicOnly)).toBeDefined();
  });

  it('FEEDS_ALLOW_ADDRESSES allows exactly the addresses and ranges it lists', () => {
    const policy = { allow: ['127.0.0.1', '10.1.0.0/16', '::1'] };
    expect(refusalOf('127.0.0.1', policy)).toBeUndefined();
    expect(refusalOf('::ffff:127.0.0.1', policy)).toBeUndefined();
    expect(refusalOf('::1', policy)).toBeUndefined();
    expect(refusalOf('10.1.200.3', policy)).toBeUndefined();
    expect(refusalOf('127.0.0.2', policy)).toBe('a loopback address');
    expect(refusalOf('10.2.0.1', policy)).toBe('a private-network address');
    expect(refusalOf('169.254.169.254', policy)).toBe('a link-local address');
  });

  it('checks hosts written as addresses in URLs, and leaves names to the lookup', () => {
    expect(literalRefusal('127.0.0.1', publicOnly)).toMatch(/^refused: 127\.0\.0\.1 is a loopback address, not a public one/);
    expect(literalRefusal('[::1]', publicOnly)).toMatch(/^refused: ::1 is a loopback address/);
    expect(literalRefusal(new URL('http://0x7f000001/').hostname, publicOnly)).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(literalRefusal(new URL('http://[::ffff:169.254.169.254]/').hostname, publicOnly)).toMatch(/link-local/);
    expect(literalRefusal('news.example.org', publicOnly)).toBeUndefined();
    expect(literalRefusal('93.184.216.34', publicOnly)).toBeUndefined();
  });

  it('the socket lookup resolves the name and hands the socket only the addresses it checked', async () => {
    const lookup = checkedLookup(publicOnly);
    const refused = await new Promise<Error | null>((resolve) => lookup('localhost', { all: true }, (error) => resolve(error)));
    expect(refused?.message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    const allowed = await new Promise<unknown>((resolve, reject) => checkedLookup({ allow: ['127.0.0.0/8'] })('localhost', { all: true, family: 4 }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
    expect(allowed).toEqual([{ address: '127.0.0.1', family: 4 }]);
    const single = await new Promise<unknown[]>((resolve, reject) => checkedLookup({ allow: ['127.0.0.0/8'] })('localhost', { family: 4 }, (error, address, family) => (error ? reject(error) : resolve([address, family]))));
    expect(single).toEqual(['127.0.0.1', 4]);
  });
});
