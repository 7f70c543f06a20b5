/**
 * Block Kit validation for messages, with Slack's limits (research §4.1) and Slack's error wording:
 * each problem is `<what> [json-pointer:<where>]`, listed in `errors` and, prefixed `[ERROR] `, in
 * `response_metadata.messages`.
 */
export const BLOCK_LIMITS = {
  blocksPerMessage: 50,
  sectionTextChars: 3000,
  sectionFields: 10,
  sectionFieldChars: 2000,
  headerTextChars: 150,
  contextElements: 10,
  actionsElements: 25,
  blockIdChars: 255,
  markdownBlockChars: 12000,
  imageUrlChars: 3000,
  altTextChars: 2000,
  tableRows: 100,
  tableCells: 20,
} as const;

const MESSAGE_BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'markdown',
  'rich_text',
  'input',
  'file',
  'video',
  'table',
]);

export type BlocksParse =
  | { ok: true; blocks: unknown[] | undefined }
  | { ok: false; error: 'invalid_blocks_format'; problems: string[] };

/** The `blocks` argument: a JSON array, sent as a string in form posts and as an array in JSON posts. */
export function parseBlocksArg(value: unknown): BlocksParse {
  if (value === undefined || value === null || value === '') return { ok: true, blocks: undefined };
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return { ok: false, error: 'invalid_blocks_format', problems: ['blocks is not valid JSON'] };
    }
  }
  if (!Array.isArray(parsed)) {
    return { ok: false, error: 'invalid_blocks_format', problems: ['blocks must be a JSON array'] };
  }
  return { ok: true, blocks: parsed };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Slack counts characters, not UTF-16 units. */
export const charCount = (s: string): number => [...s].length;

class Problems {
  readonly list: string[] = [];
  add(message: string, pointer: string): void {
    this.list.push(`${message} [json-pointer:${pointer}]`);
  }
}

/** Validate message blocks; returns the problems in Slack's wording, empty when the blocks are fine. */
export function validateBlocks(blocks: unknown[]): string[] {
  const p = new Problems();
  if (blocks.length > BLOCK_LIMITS.blocksPerMessage) {
    p.add(`no more than ${BLOCK_LIMITS.blocksPerMessage} items allowed`, '/blocks');
  }
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    validateBlock(block, `/blocks/${i}`, p, blockIds);
  });
  return p.list;
}

function validateBlock(block: unknown, at: string, p: Problems, blockIds: Set<string>): void {
  if (!isObj(block)) {
    p.add('must provide an object', at);
    return;
  }
  if (block.type === undefined) {
    p.add('missing required field: type', at);
    return;
  }
  if (typeof block.type !== 'string' || !MESSAGE_BLOCK_TYPES.has(block.type)) {
    p.add(`unsupported type: ${String(block.type)}`, `${at}/type`);
    return;
  }
  if (block.block_id !== undefined) {
    if (typeof block.block_id !== 'string') p.add('must be a string', `${at}/block_id`);
    else if (charCount(block.block_id) > BLOCK_LIMITS.blockIdChars) {
      p.add(`must be less than ${BLOCK_LIMITS.blockIdChars + 1} characters`, `${at}/block_id`);
    } else if (blockIds.has(block.block_id)) p.add(`duplicate block_id: ${block.block_id}`, `${at}/block_id`);
    else blockIds.add(block.block_id);
  }
  switch (block.type) {
    case 'section':
      validateSection(block, at, p);
      return;
    case 'header':
      if (block.text === undefined) {
        p.add('missing required field: text', at);
        return;
      }
      validateText(block.text, `${at}/text`, p, BLOCK_LIMITS.headerTextChars, true);
      return;
    case 'context':
      validateElements(block, at, p, BLOCK_LIMITS.contextElements, validateContextElement);
      return;
    case 'actions':
      validateElements(block, at, p, BLOCK_LIMITS.actionsElements, validateTypedObject);
      return;
    case 'image':
      validateImage(block, at, p);
      return;
    case 'markdown':
      if (typeof block.text !== 'string') {
        p.add('missing required field: text', at);
        return;
      }
      if (charCount(block.text) > BLOCK_LIMITS.markdownBlockChars) {
        p.add(`must be less than ${BLOCK_LIMITS.markdownBlockChars + 1} characters`, `${at}/text`);
      }
      return;
    case 'rich_text':
      if (!Array.isArray(block.elements)) p.add('missing required field: elements', at);
      return;
    case 'table':
      validateTable(block, at, p);
      return;
  }
}

function validateSection(block: Obj, at: string, p: Problems): void {
  if (block.text === undefined && block.fields === undefined) {
    p.add('must define either `text` or `fields`', `${at}/type`);
    return;
  }
  if (block.text !== undefined) {
    validateTextInSchema(block.text, `${at}/text`, p, BLOCK_LIMITS.sectionTextChars);
  }
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields)) {
      p.add('must provide an array', `${at}/fields`);
      return;
    }
    if (block.fields.length > BLOCK_LIMITS.sectionFields) {
      p.add(`no more than ${BLOCK_LIMITS.sectionFields} items allowed`, `${at}/fields`);
    }
    block.fields.forEach((f, i) => {
      validateTextInSchema(f, `${at}/fields/${i}`, p, BLOCK_LIMITS.sectionFieldChars);
    });
  }
  if (block.accessory !== undefined) validateTypedObject(block.accessory, `${at}/accessory`, p);
}

/** Section text may be either kind of text object; Slack reports the union failing, then the cause. */
function validateTextInSchema(value: unknown, at: string, p: Problems, max: number): void {
  const inner = new Problems();
  validateText(value, at, inner, max, false);
  if (inner.list.length > 0) {
    p.add('failed to match all allowed schemas', at);
    p.list.push(...inner.list);
  }
}

function validateText(value: unknown, at: string, p: Problems, max: number, plainOnly: boolean): void {
  if (!isObj(value)) {
    p.add('must provide an object', at);
    return;
  }
  if (value.type === undefined) {
    p.add('missing required field: type', at);
    return;
  }
  const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
    p.add('must be a valid enum value', `${at}/type`);
    return;
  }
  if (value.text === undefined) {
    p.add('missing required field: text', at);
    return;
  }
  if (typeof value.text !== 'string') {
    p.add('must be a string', `${at}/text`);
    return;
  }
  const n = charCount(value.text);
  if (n < 1) p.add('must be more than 0 characters', `${at}/text`);
  if (n > max) p.add(`must be less than ${max + 1} characters`, `${at}/text`);
}

function validateElements(
  block: Obj,
  at: string,
  p: Problems,
  max: number,
  check: (el: unknown, at: string, p: Problems) => void,
): void {
  if (!Array.isArray(block.elements)) {
    p.add('missing required field: elements', at);
    return;
  }
  if (block.elements.length < 1) p.add('must provide at least 1 items', `${at}/elements`);
  if (block.elements.length > max) p.add(`no more than ${max} items allowed`, `${at}/elements`);
  block.elements.forEach((el, i) => {
    check(el, `${at}/elements/${i}`, p);
  });
}

function validateContextElement(el: unknown, at: string, p: Problems): void {
  if (!isObj(el)) {
    p.add('must provide an object', at);
    return;
  }
  if (el.type === 'image') {
    validateImage(el, at, p);
    return;
  }
  if (el.type === 'plain_text' || el.type === 'mrkdwn' || el.type === undefined) {
    validateText(el, at, p, BLOCK_LIMITS.sectionTextChars, false);
    return;
  }
  p.add(`unsupported type: ${String(el.type)}`, `${at}/type`);
}

function validateTypedObject(el: unknown, at: string, p: Problems): void {
  if (!isObj(el)) {
    p.add('must provide an object', at);
    return;
  }
  if (typeof el.type !== 'string') p.add('missing required field: type', at);
}

function validateImage(el: Obj, at: string, p: Problems): void {
  if (typeof el.image_url !== 'string' && !isObj(el.slack_file)) {
    p.add('missing required field: image_url', at);
  } else if (typeof el.image_url === 'string' && charCount(el.image_url) > BLOCK_LIMITS.imageUrlChars) {
    p.add(`must be less than ${BLOCK_LIMITS.imageUrlChars + 1} characters`, `${at}/image_url`);
  }
  if (typeof el.alt_text !== 'string') p.add('missing required field: alt_text', at);
  else if (charCount(el.alt_text) > BLOCK_LIMITS.altTextChars) {
    p.add(`must be less than ${BLOCK_LIMITS.altTextChars + 1} characters`, `${at}/alt_text`);
  }
}

function validateTable(block: Obj, at: string, p: Problems): void {
  if (!Array.isArray(block.rows)) {
    p.add('missing required field: rows', at);
    return;
  }
  if (block.rows.length > BLOCK_LIMITS.tableRows) {
    p.add(`no more than ${BLOCK_LIMITS.tableRows} items allowed`, `${at}/rows`);
  }
  block.rows.forEach((row, i) => {
    if (Array.isArray(row) && row.length > BLOCK_LIMITS.tableCells) {
      p.add(`no more than ${BLOCK_LIMITS.tableCells} items allowed`, `${at}/rows/${i}`);
    }
  });
}

/**
 * Characters of text across the blocks: every text object, markdown block and rich_text run. Slack
 * rejects a message whose blocks are too big in total (`msg_blocks_too_long`) even when every single
 * block is within its own limit.
 */
export function blocksTextChars(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, v) => n + blocksTextChars(v), 0);
  if (!isObj(node)) return 0;
  let n = 0;
  if (typeof node.text === 'string' && typeof node.type === 'string') n += charCount(node.text);
  for (const [k, v] of Object.entries(node))
    if (k !== 'text' || typeof v === 'object') n += blocksTextChars(v);
  return n;
}
