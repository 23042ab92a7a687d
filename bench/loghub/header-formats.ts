/**
 * The one per-system input of the Loghub-2k benchmark: how a raw line splits into header fields and `<Content>`.
 * These are the `log_format` strings of the public benchmark settings; a format is a regular expression in which
 * `<Name>` stands for a lazily matched field and a run of spaces matches any run of whitespace.
 */
export const LOGHUB_HEADER_FORMATS: Readonly<Record<string, string>> = {
  HDFS: '<Date> <Time> <Pid> <Level> <Component>: <Content>',
  Hadoop: '<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>',
  Spark: '<Date> <Time> <Level> <Component>: <Content>',
  Zookeeper: '<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>',
  BGL: '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>',
  HPC: '<LogId> <Node> <Component> <State> <Time> <Flag> <Content>',
  Thunderbird: '<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>',
  Windows: '<Date> <Time>, <Level>                  <Component>    <Content>',
  Linux: '<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>',
  Android: '<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>',
  HealthApp: '<Time>\\|<Component>\\|<Pid>\\|<Content>',
  Apache: '\\[<Time>\\] \\[<Level>\\] <Content>',
  Proxifier: '\\[<Time>\\] <Program> - <Content>',
  OpenSSH: '<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>',
  OpenStack: '<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>',
  Mac: '<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content>',
};

/** A header format that cannot be compiled or has no `<Content>` field. */
export class HeaderFormatError extends Error {
  override readonly name = 'HeaderFormatError';
}

/** Compiles a header format into an anchored regular expression with one named group per field. */
export function compileHeaderFormat(format: string): RegExp {
  const pieces = format.split(/(<[^<>]+>)/);
  let source = '';
  for (const piece of pieces) {
    const field = /^<([^<>]+)>$/.exec(piece);
    source += field !== null ? `(?<${field[1]}>.*?)` : piece.replace(/ +/g, '\\s+');
  }
  if (!pieces.includes('<Content>')) throw new HeaderFormatError(`header format has no <Content>: ${format}`);
  try {
    return new RegExp(`^${source}$`);
  } catch (err) {
    throw new HeaderFormatError(`header format does not compile (${(err as Error).message}): ${format}`);
  }
}

/** The content of a line (outer whitespace and the CR of CRLF trimmed first), or undefined if the header differs. */
export function splitContent(header: RegExp, line: string): string | undefined {
  return header.exec(line.trim())?.groups?.Content;
}
