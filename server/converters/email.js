// SPDX-License-Identifier: MIT
/**
 * Email sources (eml, emlx, msg) become one HTML page that LibreOffice Writer then converts like any
 * document (issue 18): a header block (From, To, Cc, Bcc, Subject, Date, the attachments by name and
 * size) and the body. email_page.py renders it with Python's email package, under the Debian python3
 * that the UNO worker uses; an Outlook .msg is first turned into MIME by msg_to_eml.pl (Debian's
 * libemail-outlook-message-perl, the library behind msgconvert). Both run without a shell, under the
 * job's deadline; the message travels as a temp file, the options on stdin.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { extname, join } from 'node:path';
import { ConversionError } from './errors.js';
import { runTool } from './run-tool.js';

const PAGE_SCRIPT = fileURLToPath(new URL('./email_page.py', import.meta.url));
const MSG_SCRIPT = fileURLToPath(new URL('./msg_to_eml.pl', import.meta.url));
const PYTHON = '/usr/bin/python3'; // the UNO worker's default interpreter (office-pool.js); the standard library is enough
const PERL = '/usr/bin/perl'; // Debian's, where libemail-outlook-message-perl installs
const NOT_A_MESSAGE = 3; // email_page.py's exit status for bytes that are no message

/** The header fields and their default labels; `fieldLabels` may rename them (`Sent` is the Date line). */
const LABELS = {
  from: 'From',
  to: 'To',
  cc: 'Cc',
  bcc: 'Bcc',
  subject: 'Subject',
  date: 'Date',
  attachments: 'Attachments',
};
const LABEL_FIELDS = { ...Object.fromEntries(Object.keys(LABELS).map((k) => [k, k])), sent: 'date' };

function flag(loadOptions, name, fallback) {
  const v = loadOptions?.[name];
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  if (v === undefined || v === null || v === '') return fallback;
  throw new ConversionError('invalid_options', `loadOptions.${name} must be true or false`);
}

/**
 * `timeZoneOffset` as minutes east of UTC, or null to keep each date in its own offset. The API's value is
 * a .NET TimeSpan: `05:00:00`, `-03:30:00` (seconds optional here, and a leading `+` allowed).
 */
function offsetMinutes(value) {
  if (value === undefined || value === null || value === '') return null;
  const m = /^([+-])?(\d{1,2}):(\d{2})(?::00)?$/.exec(String(value).trim());
  const minutes = m ? Number(m[2]) * 60 + Number(m[3]) : NaN;
  if (!m || Number(m[3]) > 59 || minutes > 14 * 60) {
    throw new ConversionError(
      'invalid_options',
      'loadOptions.timeZoneOffset must be an offset from UTC such as 05:00:00 or -03:30:00 (at most 14 hours)',
    );
  }
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * What email_page.py needs from LoadOptions, validated: a bad value is `invalid_options` before any work.
 * @param {Record<string, any>} [loadOptions]
 */
export function emailPageOptions(loadOptions = {}) {
  // displayEmailAddresses is 25.x's name for displayEmailAddress.
  const all = flag(loadOptions, 'displayEmailAddress', flag(loadOptions, 'displayEmailAddresses', true));
  const labels = { ...LABELS };
  if (
    loadOptions?.fieldLabels !== undefined &&
    loadOptions.fieldLabels !== null &&
    !Array.isArray(loadOptions.fieldLabels)
  ) {
    throw new ConversionError('invalid_options', 'loadOptions.fieldLabels must be a list of { field, label }');
  }
  for (const entry of loadOptions?.fieldLabels ?? []) {
    const key = LABEL_FIELDS[String(entry?.field ?? '').toLowerCase()];
    // Calendar fields (Start, Location, …) have no line here; a label must be text.
    if (key && typeof entry.label === 'string') labels[key] = entry.label;
  }
  return {
    header: flag(loadOptions, 'displayHeader', true),
    addresses: {
      from: flag(loadOptions, 'displayFromEmailAddress', all),
      to: flag(loadOptions, 'displayToEmailAddress', all),
      cc: flag(loadOptions, 'displayCcEmailAddress', all),
      bcc: flag(loadOptions, 'displayBccEmailAddress', all),
    },
    labels,
    // 25.x: whether the Subject, Sent (date) and Attachments lines are shown.
    lines: {
      subject: flag(loadOptions, 'displaySubject', true),
      date: flag(loadOptions, 'displaySent', true),
      attachments: flag(loadOptions, 'displayAttachments', true),
    },
    offsetMinutes: offsetMinutes(loadOptions?.timeZoneOffset),
  };
}

/** An Outlook .msg (a CFB file of MAPI properties) → an RFC 822 message, by msg_to_eml.pl. */
async function msgToEml(input, output, { deadline }) {
  const { code, stdout, stderr } = await runTool(PERL, [MSG_SCRIPT, input], {
    deadline,
    pkg: 'perl',
    env: { TZ: 'UTC' }, // the library prints MAPI times as local time labelled +0000
  });
  if (code === 0) return writeFile(output, stdout);
  if (/Can't locate \S+\.pm/.test(stderr)) {
    throw new ConversionError(
      'engine_failed',
      "Outlook messages cannot be read here: install Debian's libemail-outlook-message-perl",
    );
  }
  throw new ConversionError('corrupt_input', 'The document is not an Outlook message (.msg) that can be read');
}

/**
 * Render an email source as an HTML page in the job's folder.
 * @param {string} input the message file
 * @param {{ format: 'eml'|'emlx'|'msg', dir: string, loadOptions?: object, python?: string,
 *   deadline: import('./errors.js').Deadline, attachmentsDir?: string }} o python: the converter's interpreter
 *   (the UNO worker's); attachmentsDir: a folder to save the attachments in (emailAttachments lists them)
 * @returns {Promise<string>} the page's path
 */
export async function renderEmail(input, { format, dir, loadOptions, python = PYTHON, deadline, attachmentsDir }) {
  const options = { ...emailPageOptions(loadOptions), ...(attachmentsDir ? { attachmentsDir } : {}) };
  let message = input;
  if (format === 'msg') {
    message = join(dir, 'message.eml');
    await msgToEml(input, message, { deadline });
  }
  const { code, stdout, stderr } = await runTool(
    python,
    [PAGE_SCRIPT, '--format', format === 'emlx' ? 'emlx' : 'eml', message],
    {
      deadline,
      pkg: 'python3',
      stdin: JSON.stringify(options),
    },
  );
  if (code === NOT_A_MESSAGE)
    throw new ConversionError('corrupt_input', stderr.trim() || `The document is not an ${format} message`);
  if (code !== 0) throw new ConversionError('engine_failed', `The email could not be rendered (exit code ${code})`);
  const page = join(dir, 'message.html');
  await writeFile(page, stdout);
  return page;
}

/** EmailLoadOptions.convertAttachments (24.4): whether the message's attachments are converted too. */
export function convertsAttachments(loadOptions = {}) {
  return flag(loadOptions, 'convertAttachments', false);
}

/**
 * The attachments renderEmail saved in `folder`, in the message's order.
 * @param {string} folder
 * @returns {Promise<Array<{ path: string, name: string, format: string }>>} format: the name's extension
 */
export async function emailAttachments(folder) {
  const listed = JSON.parse(await readFile(join(folder, 'attachments.json'), 'utf8'));
  return listed.map(({ file, name }) => ({
    path: join(folder, file),
    name,
    format: extname(name).slice(1).toLowerCase(),
  }));
}
