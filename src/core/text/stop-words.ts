// English stop words and question words that carry no meaning for search, plus common Chinese particles.

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being
  am do does did doing done have has had having it its it's this that these those there here what which who whom whose
  when where why how i me my we our you your he him his she her they them their theirs will would shall should can
  could may might must not no nor so than too very just also any all some each every both either neither such own same
  
  other others more most much many few lot lots tell please know let give show find say said says get got go going
  one ones thing things kind sort something anything nothing whats what's hows how's who's where's when's
  ever yet still already again only even really quite rather about above below up down out over under before after
  now currently presently nowadays
  according regarding concerning via per
  s t d ll re ve m o y 的 了 是 在 和 與 与 及 嗎 吗 呢 啊 吧 甚麼 什麼 什么 甚么 有 這 这 那 個 个 請 请`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that say what kind of question it is; they are intent cues, not content. */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  `who whom whose what which when where why how many much long big describe explain
  tell info information detail details overview summary about latest recent new news
  happen happens happened happening going doing done up story stories update updates
  numbers figures stats statistics facts details data-points rundown lowdown summary give main primary`
    .split(/\s+/)
    .filter(Boolean),
);

/** Characters of Chinese function and question words ("是誰", "做什麼", "哪一年"): a segment made only of them carries no content. */
export const CJK_FUNCTION_CHARS: ReadonlySet<string> = new Set(
  [...`做會会將将要在了的是有多少幾几甚麼什么誰谁哪裡里兒儿呢嗎吗為为何時时候如怎樣样請请告訴诉我你您他她它們们這这那個个家間间位名些一和與与及對对於于到從从由把被給给也都還还就又再已經经曾能可以說说講讲介紹绍關关所之其而或即等啊吧呀嘛哦喔大小最很更非常每各某另上下中內内外前後后年月日次種种項项方面情況况知道想問问資料资讯息叫過过新聞闻呢嗎什甚哪些誰谁怎麼么樣样人錢钱拿得`],
);
