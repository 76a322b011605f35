// SPDX-License-Identifier: MIT
// The command line of groupdocs-convert, parsed with node:util parseArgs (strict): the convert command
// (`<input...> --to <format>`), `formats` and `info <file>`, their help texts, and one-line usage errors.
//
// As before: the first operand names a subcommand if it is `formats` or `info` (options before it belong to
// the convert command and are checked, but not used); -h/--help anywhere before `--` prints that command's
// help; repeated options keep the last value, except --option, which collects.

import { parseArgs } from 'node:util';
import { CliError, EXIT } from './errors.js';

const NAME = 'groupdocs-convert';

export const MAIN_HELP = `Usage: ${NAME} <input...> --to <format> [options]
       ${NAME} formats [--from <ext>] [--json]
       ${NAME} info <file> [--json]

Convert documents with GroupDocs.Conversion Cloud, or offline with the embedded local server.
Credentials: GROUPDOCS_CLIENT_ID, GROUPDOCS_CLIENT_SECRET, GROUPDOCS_BASE_URL; with none set, a local
server starts in this process (needs LibreOffice and Poppler).

Arguments:
  input                      documents to convert

Options:
  -t, --to <format>          target format, e.g. pdf, docx, png
  -o, --out <dir>            folder for the results (default: the current folder)
  --from-page <n>            first page to convert
  --pages-count <n>          number of pages to convert
  -p, --password <password>  password of protected documents
  --password-file <file>     read that password from a file (- for stdin), so that it is not in the
                             process list
  --option <key=value>       a convert option (dpi=300), or a load option (load.hideComments=true);
                             repeatable
  -c, --concurrency <n>      documents converted at once (default: up to 2)
  --json                     print a JSON report on stdout instead of the result paths
  -h, --help                 display help for command

Commands:
  formats [options]          list which formats convert to which
  info [options] <file>      show a document's metadata (type, pages, size, title, author…)

Exit codes: 0 done, 1 a conversion failed, 2 usage, 3 credentials refused, 4 cannot work here
(LibreOffice/Poppler missing, or the API unreachable), 130 interrupted.
`;

const FORMATS_HELP = `Usage: ${NAME} formats [options]

list which formats convert to which

Options:
  --from <ext>  only this source format
  --json        print JSON
  -h, --help    display help for command
`;

const INFO_HELP = `Usage: ${NAME} info [options] <file>

show a document's metadata (type, pages, size, title, author…)

Options:
  --json      print JSON
  -h, --help  display help for command
`;

/** `--from-page` etc.: what a value-taking option is called in messages. */
const VALUE_NAMES = {
  to: 'format',
  out: 'dir',
  'from-page': 'n',
  'pages-count': 'n',
  password: 'password',
  'password-file': 'file',
  option: 'key=value',
  concurrency: 'n',
  from: 'ext',
};

const HELP = { type: 'boolean', short: 'h' };

const COMMANDS = {
  convert: {
    help: MAIN_HELP,
    operands: 'many',
    options: {
      to: { type: 'string', short: 't' },
      out: { type: 'string', short: 'o' },
      'from-page': { type: 'string' },
      'pages-count': { type: 'string' },
      password: { type: 'string', short: 'p' },
      'password-file': { type: 'string' },
      option: { type: 'string', multiple: true },
      concurrency: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
      help: HELP,
    },
  },
  formats: {
    help: FORMATS_HELP,
    operands: 'none',
    options: { from: { type: 'string' }, json: { type: 'boolean' }, help: HELP },
  },
  info: {
    help: INFO_HELP,
    operands: 'one',
    options: { json: { type: 'boolean' }, help: HELP },
  },
};

const usage = (message) => new CliError(`${message} (see ${NAME} --help)`, EXIT.USAGE);

function positiveInt(name, value) {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw usage(`option --${name} <n> must be an integer >= 1, not '${value}'`);
  return Number(value);
}

/** "key=value" (value: a number, true/false, JSON, or text); "load.key=value" is a load option. */
function keyValues(values = []) {
  return values.map((value) => {
    const m = /^([A-Za-z][\w.]*)=(.*)$/s.exec(value);
    if (!m) throw usage(`option --option expects key=value, e.g. dpi=300 or load.hideComments=true, not '${value}'`);
    return [m[1], m[2]];
  });
}

/** The option as the user wrote it, with its long name: "-t (--to)" or "--to". */
function shown(token) {
  return token.rawName.startsWith('--') ? token.rawName : `${token.rawName} (--${token.name})`;
}

/**
 * Why a strict parse failed, in one line, found from a lenient parse's tokens (parseArgs's own messages
 * span lines and vary between Node versions). `prefix` names the subcommand.
 */
function explain(args, spec, prefix, error) {
  const { tokens } = parseArgs({ args, options: spec.options, strict: false, allowPositionals: true, tokens: true });
  let operands = 0;
  for (const token of tokens) {
    if (token.kind === 'option') {
      const option = spec.options[token.name];
      if (!option) return `${prefix}unknown option '${token.rawName}'`;
      if (option.type === 'string' && token.value === undefined) {
        return `${prefix}option ${shown(token)} needs a value: --${token.name} <${VALUE_NAMES[token.name]}>`;
      }
      if (option.type === 'string' && !token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
        return `${prefix}option ${shown(token)} needs a value before '${token.value}' (if '${token.value}' is the value, write --${token.name}=${token.value})`;
      }
      if (option.type === 'boolean' && token.value !== undefined)
        return `${prefix}option ${shown(token)} takes no value`;
    } else if (token.kind === 'positional') {
      operands += 1;
      if (spec.operands === 'none') return `${prefix}unexpected argument '${token.value}': formats takes no arguments`;
      if (spec.operands === 'one' && operands > 1)
        return `${prefix}unexpected argument '${token.value}': info takes one <file>`;
    }
  }
  return `${prefix}${String(error.message).split('\n')[0]}`;
}

/** parseArgs, strict, with every failure turned into a one-line usage CliError. */
function strictParse(args, spec, prefix) {
  try {
    return parseArgs({ args, options: spec.options, strict: true, allowPositionals: spec.operands !== 'none' });
  } catch (error) {
    if (typeof error?.code !== 'string' || !error.code.startsWith('ERR_PARSE_ARGS_')) throw error;
    throw usage(explain(args, spec, prefix, error));
  }
}

/** Whether -h/--help is among `args` as an option (not as another option's value, not after `--`). */
function asksForHelp(args, spec) {
  const { tokens } = parseArgs({ args, options: spec.options, strict: false, allowPositionals: true, tokens: true });
  return tokens.some((t) => t.kind === 'option' && t.name === 'help');
}

/**
 * A password is opaque: the word after -p/--password is its value even when it starts with '-', as it was
 * under commander, and so it never reaches a "needs a value before '…'" message.
 */
function passwordsJoined(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return out.concat(argv.slice(i));
    if ((argv[i] === '-p' || argv[i] === '--password') && i + 1 < argv.length) out.push(`--password=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/**
 * @param {string[]} argv the arguments after `node groupdocs-convert.js`
 * @returns {{ command: 'help', text: string }
 *   | { command: 'convert', inputs: string[], opts: { to?: string, out?: string, fromPage?: number,
 *       pagesCount?: number, password?: string, passwordFile?: string, option?: [string, string][], concurrency?: number, json?: boolean } }
 *   | { command: 'formats', opts: { from?: string, json?: boolean } }
 *   | { command: 'info', file: string, opts: { json?: boolean } }}
 * @throws {CliError} a one-line message and EXIT.USAGE for bad arguments
 */
export function parseCommandLine(argv) {
  argv = passwordsJoined(argv);
  const main = COMMANDS.convert;
  // Where a subcommand starts: the first operand, if it is one (an operand after `--` is a file name).
  const { tokens } = parseArgs({
    args: argv,
    options: main.options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const first = tokens.find((t) => t.kind === 'positional' || t.kind === 'option-terminator');
  const subcommand =
    first?.kind === 'positional' && Object.hasOwn(COMMANDS, first.value) && first.value !== 'convert'
      ? first.value
      : null;
  const mainArgs = subcommand ? argv.slice(0, first.index) : argv;

  if (asksForHelp(mainArgs, main)) return { command: 'help', text: main.help };
  const { values, positionals } = strictParse(mainArgs, main, '');
  const opts = {
    to: values.to,
    out: values.out,
    fromPage: positiveInt('from-page', values['from-page']),
    pagesCount: positiveInt('pages-count', values['pages-count']),
    password: values.password,
    passwordFile: values['password-file'],
    option: keyValues(values.option),
    concurrency: positiveInt('concurrency', values.concurrency),
    json: values.json,
  };
  if (!subcommand) {
    if (positionals.length === 0) throw new CliError(`no input: ${NAME} <input...> --to <format>`, EXIT.USAGE);
    if (!opts.to) throw new CliError('missing --to <format>, e.g. --to pdf', EXIT.USAGE);
    if (opts.password !== undefined && opts.passwordFile !== undefined)
      throw usage('give --password or --password-file, not both');
    return { command: 'convert', inputs: positionals, opts };
  }

  const spec = COMMANDS[subcommand];
  const rest = argv.slice(first.index + 1);
  if (asksForHelp(rest, spec)) return { command: 'help', text: spec.help };
  const sub = strictParse(rest, spec, `${subcommand}: `);
  if (subcommand === 'formats') return { command: 'formats', opts: { from: sub.values.from, json: sub.values.json } };
  if (sub.positionals.length === 0) throw usage(`info: missing <file>: ${NAME} info <file>`);
  if (sub.positionals.length > 1)
    throw usage(`info: unexpected argument '${sub.positionals[1]}': info takes one <file>`);
  return { command: 'info', file: sub.positionals[0], opts: { json: sub.values.json } };
}
