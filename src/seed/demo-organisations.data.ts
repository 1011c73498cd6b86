/**
 * The demo city's 校区: per ward 3–5 elementary-school districts, each with the towns (町) it covers and
 * how many 丁目 each has. Invented, but shaped like a real ordinance city's table; 小倉北区 has 中央
 * (中央一丁目 …) and 桜ヶ丘, where the demo's 桜ヶ丘町内会 books its hall.
 */

export interface DemoSchool {
  /** The school's name without 小学校: 中央 → 中央小学校区. */
  name: string;
  kana: string;
  /** [town, 丁目 count (0: a town without 丁目)] */
  towns: [string, number][];
}

export const demoSchools: Record<string, DemoSchool[]> = {
  moji: [
    {
      name: '港が丘',
      kana: 'みなとがおか',
      towns: [
        ['港町', 3],
        ['清滝', 4],
        ['東本町', 2],
      ],
    },
    {
      name: '大里',
      kana: 'だいり',
      towns: [
        ['大里本町', 3],
        ['大里新町', 0],
        ['柳町', 4],
      ],
    },
    {
      name: '松ヶ江',
      kana: 'まつがえ',
      towns: [
        ['松ヶ江', 2],
        ['吉志', 5],
        ['畑', 0],
      ],
    },
  ],
  kokurakita: [
    {
      name: '中央',
      kana: 'ちゅうおう',
      towns: [
        ['中央', 3],
        ['大手町', 2],
        ['城内', 0],
      ],
    },
    {
      name: '桜ヶ丘',
      kana: 'さくらがおか',
      towns: [
        ['桜ヶ丘', 3],
        ['緑町', 2],
      ],
    },
    {
      name: '三萩野',
      kana: 'みはぎの',
      towns: [
        ['三萩野', 3],
        ['片野', 4],
        ['宇佐町', 2],
      ],
    },
    {
      name: '足原',
      kana: 'あしはら',
      towns: [
        ['足原', 2],
        ['熊本', 3],
        ['黄金', 2],
      ],
    },
    {
      name: '日明',
      kana: 'ひあがり',
      towns: [
        ['日明', 4],
        ['西港町', 0],
        ['赤坂', 3],
      ],
    },
  ],
  kokuraminami: [
    {
      name: '北方',
      kana: 'きたがた',
      towns: [
        ['北方', 4],
        ['南方', 3],
      ],
    },
    {
      name: '守恒',
      kana: 'もりつね',
      towns: [
        ['守恒', 3],
        ['徳力', 4],
        ['長尾', 2],
      ],
    },
    {
      name: '志井',
      kana: 'しい',
      towns: [
        ['志井', 5],
        ['津田', 3],
      ],
    },
    {
      name: '曽根',
      kana: 'そね',
      towns: [
        ['曽根新田', 2],
        ['上曽根', 0],
        ['下曽根', 4],
      ],
    },
  ],
  wakamatsu: [
    {
      name: '若松中央',
      kana: 'わかまつちゅうおう',
      towns: [
        ['本町', 3],
        ['浜町', 2],
        ['白山', 2],
      ],
    },
    {
      name: '小石',
      kana: 'こいし',
      towns: [
        ['小石本村町', 0],
        ['小石', 3],
        ['東小石町', 0],
      ],
    },
    {
      name: '高須',
      kana: 'たかす',
      towns: [
        ['高須北', 3],
        ['高須南', 3],
        ['高須東', 4],
      ],
    },
  ],
  yahatahigashi: [
    {
      name: '八幡',
      kana: 'やはた',
      towns: [
        ['中央', 3],
        ['西本町', 4],
        ['春の町', 5],
      ],
    },
    {
      name: '高見',
      kana: 'たかみ',
      towns: [
        ['高見', 5],
        ['東台良町', 0],
        ['中尾', 3],
      ],
    },
    {
      name: '大蔵',
      kana: 'おおくら',
      towns: [
        ['大蔵', 3],
        ['河内', 2],
        ['清田', 4],
      ],
    },
    {
      name: '枝光',
      kana: 'えだみつ',
      towns: [
        ['枝光', 5],
        ['川淵町', 0],
      ],
    },
  ],
  yahatanishi: [
    {
      name: '黒崎',
      kana: 'くろさき',
      towns: [
        ['黒崎', 6],
        ['藤田', 4],
        ['岸の浦', 2],
      ],
    },
    {
      name: '折尾',
      kana: 'おりお',
      towns: [
        ['折尾', 5],
        ['堀川町', 0],
        ['東筑', 3],
      ],
    },
    {
      name: '永犬丸',
      kana: 'えいのまる',
      towns: [
        ['永犬丸', 5],
        ['光貞台', 3],
      ],
    },
    {
      name: '八枝',
      kana: 'やえだ',
      towns: [
        ['八枝', 5],
        ['御開', 4],
      ],
    },
    {
      name: '星ヶ丘',
      kana: 'ほしがおか',
      towns: [
        ['星ヶ丘', 7],
        ['青山', 3],
      ],
    },
  ],
  tobata: [
    {
      name: '戸畑中央',
      kana: 'とばたちゅうおう',
      towns: [
        ['中本町', 0],
        ['新池', 3],
        ['天神', 2],
      ],
    },
    {
      name: '牧山',
      kana: 'まきやま',
      towns: [
        ['牧山', 5],
        ['銀座', 2],
        ['境川', 2],
      ],
    },
    {
      name: '鞘ヶ谷',
      kana: 'さやがたに',
      towns: [
        ['鞘ヶ谷', 0],
        ['夜宮', 3],
        ['浅生', 3],
      ],
    },
  ],
};

/** 所管課 of the city (本庁): what sends requests to associations and centres. */
export const demoDepartments: [string, string][] = [
  ['地域振興課', 'ちいきしんこうか'],
  ['市民活動推進課', 'しみんかつどうすいしんか'],
  ['生涯学習課', 'しょうがいがくしゅうか'],
  ['危機管理課', 'ききかんりか'],
];

export const KANJI_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
