import { Masker, maskToken } from './masking';

describe('maskToken', () => {
  it.each([
    ['plain word', 'terminating', 'terminating'],
    ['integer', '42', '<*>'],
    ['negative float', '-3.75', '<*>'],
    ['hex', '0x7fed806eb5d', '<*>'],
    ['long hex without digits', 'deadbeefcafebabe', 'deadbeefcafebabe'],
    ['IPv4', '10.251.73.220', '<*>'],
    ['IPv4 with port', '10.251.73.220:50010', '<*>'],
    ['IPv4 in brackets', '[191.220.11.42]', '[<*>]'],
    ['IPv6', 'fe80::1ff:fe23:4567:890a', '<*>'],
    ['IPv6 with port', '[2001:db8::1]:8080', '<*>'],
    ['host with port', 'proxy.cse.cuhk.edu.hk:5070', '<*>'],
    ['UUID', '123e4567-e89b-12d3-a456-426614174000', '<*>'],
    ['MAC address', '5c:50:15:4c:18:13,', '<*>'],
    ['block id', 'blk_-6952295868487656571', '<*>'],
    ['size glued to unit', '12KB', '<*>'],
    ['duration glued to unit', '3.5s', '<*>'],
    ['absolute path', '/var/lib/nova/instances', '<*>'],
    ['path in parentheses', '(/etc/xinetd.d/chargen):', '<*>'],
    ['windows path', 'C:\\Windows\\winsxs\\x.dll', '<*>'],
    ['URL', 'hdfs://msra-sa-41:9000/pjhe/test/1/_temporary', '<*>'],
    ['key=value keeps the key', '(HWID=1973)', '(HWID=<*>)'],
    ['key=path keeps the key', '[file=/etc/xinetd.conf]', '[file=<*>]'],
    ['key:value keeps the key', 'onExtend:1514038530000', 'onExtend:<*>'],
    ['leader dots keep the label', 'depth....................0', 'depth....................<*>'],
    ['hash-separated list', 'x=1##2##3', 'x=<*>##<*>##<*>'],
    ['host name with digits', 'node-246', '<*>'],
    ['ratio with slash', 'TCP/IP', 'TCP/IP'],
  ])('%s: %s', (_name, token, masked) => {
    expect(maskToken(token)).toBe(masked);
  });
});

describe('Masker', () => {
  const masker = new Masker();

  it.each([
    ['sizes with a space', 'sent 1190 bytes (1.16 KB) of 4 MiB', 'sent <*> (<*>) of <*>'],
    ['durations with a space', 'lifetime <1 sec, took 10 ms', 'lifetime <*>, took <*>'],
    ['a clock time', 'lifetime 00:02', 'lifetime <*>'],
    ['a ctime timestamp with double space', 'at Sat Jul  9 22:53:22 2005 done', 'at <*> done'],
    ['an ISO timestamp', 'at 2016-09-28T04:30:31.455Z done', 'at <*> done'],
    ['runs of values collapse', 'IRQs 3 4 5 6 7 10', 'IRQs <*>'],
    ['whitespace of any length', '  a \t b  ', 'a b'],
    ['an empty message', '', ''],
  ])('%s', (_name, message, masked) => {
    expect(masker.mask(message).join(' ')).toBe(masked);
  });

  it('applies source masks before the built-in ones', () => {
    const custom = new Masker([{ pattern: 'user \\w+', flags: 'i' }]);
    expect(custom.mask('USER alice logged in from 10.0.0.1').join(' ')).toBe('<*> logged in from <*>');
  });
});
