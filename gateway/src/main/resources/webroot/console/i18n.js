// The console's own strings. To add a language, add an entry with every key of `en` (a missing key
// falls back to English); the language menu lists the entries in this order.

export const STRINGS = {
  en: {
    name: 'English',
    appTitle: 'Operator console',
    supervisorTitle: 'Supervisor live view',
    skip: 'Skip to the conversation',
    language: 'Interface language',
    signInTitle: 'Sign in',
    signInHint: 'Use the account your administrator gave you.',
    userName: 'Name',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    signOut: 'Sign out',
    wrongPassword: 'Wrong name or password.',
    lockedOut: 'Too many failed sign-ins. {detail}',
    tryAgainIn: 'Try again in {n} minutes.',
    sessionEnded: 'Your session has ended. Please sign in again.',
    onDuty: 'On duty',
    offDuty: 'Off duty',
    dutyHint: 'While off duty no new chats are offered to you.',
    roles: { operator: 'Operator', supervisor: 'Supervisor', admin: 'Administrator' },
    connection: { connecting: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' },
    queue: 'Queue',
    queueEmpty: 'Nobody is waiting.',
    myChats: 'My conversations',
    myChatsEmpty: 'Claim a conversation from the queue.',
    waiting: 'waiting {time}',
    claim: 'Claim',
    claimedBy: 'with {name}',
    open: 'Open',
    offeredEveryone: 'offered to everyone',
    reasons: {
      asked_for_operator: 'Asked for an operator',
      no_answer_twice: 'No answer twice',
      upset: 'Person is upset',
      appeal_triage: 'Appeal needs triage',
    },
    channels: { web: 'Web chat', telegram: 'Telegram', wechat: 'WeChat', webhook: 'Webhook' },
    forGroup: 'for {language} speakers',
    statuses: {
      received: 'received', dispatched: 'sent to department', in_progress: 'in progress', resolved: 'resolved',
      reopened: 'reopened', closed: 'closed', rejected: 'not taken up',
    },
    authors: { user: 'Person', bot: 'Bot', operator: 'Operator', system: 'Notice' },
    noConversation: 'No conversation open',
    noConversationHint: 'Claim a conversation from the queue, or open one of yours.',
    conversationLanguage: 'Language',
    conversationChannel: 'Channel',
    conversationReason: 'Reason',
    earlierAppeals: 'Appeals',
    noAppeals: 'none',
    fromArticle: 'from article {id}',
    translating: 'Translating…',
    translation: 'Translation ({language}): {text}',
    translationFailed: 'No translation available now.',
    sentUntranslated: 'The translation failed: the reply was sent as written.',
    summary: 'Summary',
    suggestedReplies: 'offered: {list}',
    reply: 'Reply',
    replyPlaceholder: 'Write to the person… (Enter sends, Shift+Enter for a new line)',
    send: 'Send',
    sending: 'Sending…',
    notSent: 'Not sent: {error}',
    release: 'Release',
    transfer: 'Transfer…',
    transferSubmit: 'Transfer',
    fileAppeal: 'File appeal…',
    resolve: 'Resolve',
    handBack: 'Hand back to bot',
    readOnly: 'You can read this conversation; only {name} can write in it.',
    assist: 'Assist',
    assistArticles: 'Articles',
    assistCanned: 'Canned replies',
    assistNone: 'Nothing found.',
    insert: 'Insert',
    insertTitle: 'Insert into the reply',
    transferTitle: 'Transfer the conversation',
    transferToOperator: 'To an operator',
    transferToLanguage: 'To a language group',
    operatorName: 'Operator name',
    cancel: 'Cancel',
    appealTitle: 'File an appeal',
    appealWhat: 'What happened',
    appealWhere: 'Where (address or landmark)',
    appealDistrict: 'District',
    appealWhen: 'When',
    appealPhone: 'Phone for a call-back (optional)',
    appealFile: 'File the appeal',
    appealFiled: 'Appeal {number} filed.',
    resolved: 'Conversation resolved.',
    handedBack: 'Conversation handed back to the bot.',
    released: 'Conversation back in the queue.',
    transferred: 'Conversation transferred.',
    claimedByOther: 'Someone else claimed it first: {error}',
    accounts: 'Accounts',
    accountsTitle: 'Operator accounts',
    newAccount: 'New account',
    role: 'Role',
    languages: 'Languages (comma separated, e.g. en,zh)',
    passwordHint: 'At least 12 characters.',
    createAccount: 'Create account',
    accountCreated: 'Account {name} created.',
    disabled: 'disabled',
    enable: 'Enable',
    disable: 'Disable',
    close: 'Close',
    supervisor: 'Supervisor view',
    console: 'Console',
    queueByLanguage: 'Waiting per language',
    longestWait: 'Longest wait',
    totalWaiting: 'Waiting',
    operatorsOnDuty: 'Operators on duty',
    operatorsTitle: 'Operators',
    load: 'Load',
    status: 'Status',
    accountName: 'Name',
    languageList: 'Languages',
    nobody: 'No operators signed in.',
    updated: 'Updated {time}',
    charts: 'Analytics',
    needSupervisor: 'This view is for supervisors and administrators.',
    signInAtConsole: 'Sign in at the console',
    error: 'Something went wrong: {error}',
  },
  zh: {
    name: '中文',
    appTitle: '坐席工作台',
    supervisorTitle: '班长实时视图',
    skip: '跳到对话',
    language: '界面语言',
    signInTitle: '登录',
    signInHint: '请使用管理员为您分配的账号。',
    userName: '用户名',
    password: '密码',
    signIn: '登录',
    signingIn: '正在登录…',
    signOut: '退出',
    wrongPassword: '用户名或密码错误。',
    lockedOut: '登录失败次数过多。{detail}',
    tryAgainIn: '请 {n} 分钟后再试。',
    sessionEnded: '会话已过期，请重新登录。',
    onDuty: '在岗',
    offDuty: '离岗',
    dutyHint: '离岗期间不会再向您分配新的对话。',
    roles: { operator: '坐席', supervisor: '班长', admin: '管理员' },
    connection: { connecting: '正在连接…', open: '实时', reconnecting: '正在重新连接…', offline: '离线' },
    queue: '排队',
    queueEmpty: '目前没有人在等待。',
    myChats: '我的对话',
    myChatsEmpty: '请从排队列表中接入对话。',
    waiting: '已等待 {time}',
    claim: '接入',
    claimedBy: '由 {name} 处理',
    open: '打开',
    offeredEveryone: '已向所有坐席开放',
    reasons: {
      asked_for_operator: '要求转人工',
      no_answer_twice: '两次未能回答',
      upset: '情绪激动',
      appeal_triage: '诉求待分派',
    },
    channels: { web: '网页', telegram: 'Telegram', wechat: '微信', webhook: 'Webhook' },
    forGroup: '转给{language}语种组',
    statuses: {
      received: '已受理', dispatched: '已派单', in_progress: '办理中', resolved: '已办结',
      reopened: '已重新办理', closed: '已关闭', rejected: '不予受理',
    },
    authors: { user: '市民', bot: '机器人', operator: '坐席', system: '通知' },
    noConversation: '未打开对话',
    noConversationHint: '请从排队列表中接入对话，或打开您的对话。',
    conversationLanguage: '语言',
    conversationChannel: '渠道',
    conversationReason: '原因',
    earlierAppeals: '诉求',
    noAppeals: '无',
    fromArticle: '来自知识条目 {id}',
    translating: '正在翻译…',
    translation: '译文（{language}）：{text}',
    translationFailed: '暂时无法翻译。',
    sentUntranslated: '翻译失败：回复已按原文发送。',
    summary: '摘要',
    suggestedReplies: '提供的选项：{list}',
    reply: '回复',
    replyPlaceholder: '回复市民…（回车发送，Shift+回车换行）',
    send: '发送',
    sending: '正在发送…',
    notSent: '未发送：{error}',
    release: '放回队列',
    transfer: '转接…',
    transferSubmit: '转接',
    fileAppeal: '提交诉求…',
    resolve: '已解决',
    handBack: '交还机器人',
    readOnly: '您可以查看此对话；只有 {name} 可以回复。',
    assist: '辅助',
    assistArticles: '知识条目',
    assistCanned: '常用回复',
    assistNone: '没有找到。',
    insert: '插入',
    insertTitle: '插入到回复中',
    transferTitle: '转接对话',
    transferToOperator: '转给坐席',
    transferToLanguage: '转给语种组',
    operatorName: '坐席用户名',
    cancel: '取消',
    appealTitle: '提交诉求',
    appealWhat: '事项',
    appealWhere: '地点（地址或地标）',
    appealDistrict: '区',
    appealWhen: '时间',
    appealPhone: '回访电话（可选）',
    appealFile: '提交诉求',
    appealFiled: '诉求 {number} 已提交。',
    resolved: '对话已解决。',
    handedBack: '对话已交还机器人。',
    released: '对话已放回队列。',
    transferred: '对话已转接。',
    claimedByOther: '已被他人接入：{error}',
    accounts: '账号',
    accountsTitle: '坐席账号',
    newAccount: '新建账号',
    role: '角色',
    languages: '语种（逗号分隔，如 en,zh）',
    passwordHint: '至少 12 个字符。',
    createAccount: '创建账号',
    accountCreated: '账号 {name} 已创建。',
    disabled: '已停用',
    enable: '启用',
    disable: '停用',
    close: '关闭',
    supervisor: '班长视图',
    console: '工作台',
    queueByLanguage: '各语种排队',
    longestWait: '最长等待',
    totalWaiting: '等待中',
    operatorsOnDuty: '在岗坐席',
    operatorsTitle: '坐席',
    load: '负载',
    status: '状态',
    accountName: '用户名',
    languageList: '语种',
    nobody: '没有坐席登录。',
    updated: '更新于 {time}',
    charts: '统计分析',
    needSupervisor: '此视图仅供班长和管理员使用。',
    signInAtConsole: '在工作台登录',
    error: '出错了：{error}',
  },
};

/** The languages people write in, for the transfer menu and labels (codes of the knowledge base). */
export const PERSON_LANGUAGES = {
  en: 'English', zh: '中文', ru: 'Русский', ko: '한국어', ja: '日本語', fr: 'Français', es: 'Español', ar: 'العربية',
};

const STORAGE_KEY = 'swiftline:console:language';

/** The interface language: the one picked before, else the browser's, else English. */
export function initialLanguage() {
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // private mode: no memory
  }
  if (stored && STRINGS[stored]) return stored;
  for (const wanted of navigator.languages ?? [navigator.language]) {
    const code = String(wanted || '').toLowerCase().split('-')[0];
    if (STRINGS[code]) return code;
  }
  return 'en';
}

export function rememberLanguage(lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode
  }
}

/** The string `key` (dotted for nested, e.g. `reasons.upset`) with `{name}` placeholders filled. */
export function t(lang, key, values = {}) {
  const lookup = (table) => key.split('.').reduce((node, part) => (node == null ? node : node[part]), table);
  let text = lookup(STRINGS[lang]) ?? lookup(STRINGS.en) ?? key;
  if (typeof text !== 'string') return key;
  for (const [name, value] of Object.entries(values)) text = text.split(`{${name}}`).join(String(value));
  return text;
}

/** A duration in seconds as m:ss or h:mm:ss, the same in every language. */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** A clock time in the interface language, e.g. 14:05. */
export function clock(lang, iso) {
  const date = iso ? new Date(iso) : new Date();
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(date);
}
