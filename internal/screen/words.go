package screen

// The word lists of the normalizer. They are tables of facts, not
// configuration, and are never modified.

// Token kinds: the distinctive part of a name, a descriptive word and a
// place weigh differently in a comparison.
const (
	kindCore uint8 = iota
	kindDesc
	kindPlace
)

// Weights of the token kinds relative to a distinctive token.
const (
	weightDesc  = 0.08
	weightPlace = 0.12
)

// legalLatin are legal-form and corporate-structure tokens, in English,
// other European languages and pinyin; they are dropped from names.
var legalLatin = set("co company companies corp corporation inc incorporated ltd limited llc plc lp llp gmbh mbh ag kg sa sarl srl spa bv nv kk pte pty jsc ojsc cjsc pjsc oao zao ooo pao ao tov sas cv rl ab oy as asa " +
	"group groups holding holdings gongsi youxian zeren gufen jituan konggu fengongsi zonggongsi")

// stopLatin are function words dropped from names.
var stopLatin = set("and of the for de del la le les des du et y und der das al el")

// canonLatin maps descriptive words and places to one canonical token with
// its kind; English exonyms and postal spellings of Chinese places map to
// their pinyin.
var canonLatin = buildCanon()

type canon struct {
	tok  string
	kind uint8
}

func buildCanon() map[string]canon {
	m := map[string]canon{}
	for canonical, words := range descWords {
		for _, w := range append(splitWords(words), canonical) {
			m[w] = canon{canonical, kindDesc}
		}
	}
	for canonical, words := range placeWords {
		for _, w := range append(splitWords(words), canonical) {
			m[w] = canon{canonical, kindPlace}
		}
	}
	return m
}

var descWords = map[string]string{
	"technology":     "technologies tech technical technic technique",
	"electronic":     "electronics electron",
	"industry":       "industries industrial",
	"international":  "intl internacional internationale",
	"trading":        "trade trades trader",
	"import":         "imports importing",
	"export":         "exports exporting",
	"science":        "sciences scientific",
	"engineering":    "engineer",
	"development":    "develop developing",
	"investment":     "investments invest",
	"manufacturing":  "manufacture manufacturer manufacturers",
	"semiconductor":  "semiconductors",
	"equipment":      "equipments",
	"communication":  "communications telecommunication telecommunications telecom telecoms",
	"network":        "networks networking",
	"information":    "info",
	"system":         "systems",
	"research":       "researches",
	"institute":      "institution",
	"university":     "univ",
	"academy":        "academic",
	"digital":        "",
	"software":       "",
	"material":       "materials",
	"energy":         "energies",
	"power":          "",
	"machinery":      "machine machines",
	"aviation":       "airline airlines airways",
	"aerospace":      "",
	"shipping":       "",
	"logistics":      "logistic",
	"chemical":       "chemicals",
	"pharmaceutical": "pharmaceuticals pharma",
	"intelligent":    "intelligence smart",
	"innovation":     "innovative innovations",
	"optoelectronic": "optoelectronics",
	"service":        "services",
	"enterprise":     "enterprises",
	"product":        "products",
	"resource":       "resources",
	"construction":   "",
	"precision":      "",
	"instrument":     "instruments",
	"integrated":     "",
	"circuit":        "circuits",
	"data":           "",
	"heavy":          "",
	"mobile":         "",
	"petroleum":      "oil",
	"petrochemical":  "petrochemicals",
	"automobile":     "auto automotive motor motors",
	"shipbuilding":   "shipyard",
	"railway":        "railways rail",
	"nuclear":        "",
	"bank":           "banking",
}

var placeWords = map[string]string{
	"china":     "prc chinese zhongguo",
	"beijing":   "peking",
	"shanghai":  "",
	"shenzhen":  "",
	"guangzhou": "canton",
	"hangzhou":  "",
	"tianjin":   "tientsin",
	"chongqing": "chungking",
	"wuhan":     "",
	"chengdu":   "",
	"nanjing":   "nanking",
	"suzhou":    "",
	"zhejiang":  "",
	"jiangsu":   "",
	"guangdong": "",
	"hongkong":  "hk",
	"xiamen":    "amoy",
	"changsha":  "",
	"qingdao":   "tsingtao",
	"dalian":    "",
	"shenyang":  "",
	"harbin":    "haerbin",
	"zhengzhou": "",
	"hefei":     "",
	"fujian":    "",
	"shandong":  "",
	"sichuan":   "",
	"hubei":     "",
	"hunan":     "",
	"henan":     "",
	"hebei":     "",
	"shaanxi":   "",
	"shanxi":    "",
	"anhui":     "",
	"jiangxi":   "",
	"liaoning":  "",
	"jilin":     "",
	"yunnan":    "",
	"guizhou":   "",
	"guangxi":   "",
	"xinjiang":  "",
	"hainan":    "",
	"gansu":     "",
	"zhuhai":    "",
	"dongguan":  "",
	"foshan":    "",
	"ningbo":    "",
	"wuxi":      "",
	"macau":     "macao aomen",
	"taiwan":    "",
}

// hanWords segments Chinese names: legal forms (dropped), descriptive words
// and places (with their canonical tokens). Longest match wins.
var hanWords = map[string]canonHan{
	"股份有限公司": {nil, kindLegal}, "有限责任公司": {nil, kindLegal}, "有限公司": {nil, kindLegal}, "集团": {nil, kindLegal},
	"公司": {nil, kindLegal}, "控股": {nil, kindLegal}, "股份": {nil, kindLegal}, "分公司": {nil, kindLegal}, "总公司": {nil, kindLegal},
	"有限": {nil, kindLegal}, "责任": {nil, kindLegal}, "市": {nil, kindAdmin}, "省": {nil, kindAdmin}, "自治区": {nil, kindAdmin},
	"特别行政区": {nil, kindAdmin},

	"科技": desc("technology"), "技术": desc("technology"), "电子": desc("electronic"), "贸易": desc("trading"),
	"进出口": desc("import", "export"), "国际": desc("international"), "实业": desc("industry"), "工业": desc("industry"),
	"产业": desc("industry"), "信息": desc("information"), "通信": desc("communication"), "通讯": desc("communication"),
	"网络": desc("network"), "软件": desc("software"), "数字": desc("digital"), "数据": desc("data"), "系统": desc("system"),
	"设备": desc("equipment"), "机械": desc("machinery"), "制造": desc("manufacturing"), "半导体": desc("semiconductor"),
	"集成电路": desc("integrated", "circuit"), "材料": desc("material"), "能源": desc("energy"), "电力": desc("power"),
	"化工": desc("chemical"), "医药": desc("pharmaceutical"), "航空": desc("aviation"), "航天": desc("aerospace"),
	"重工": desc("heavy", "industry"), "投资": desc("investment"), "发展": desc("development"), "开发": desc("development"),
	"工程": desc("engineering"), "研究院": desc("research", "institute"), "研究所": desc("research", "institute"),
	"大学": desc("university"), "学院": desc("academy"), "物流": desc("logistics"), "航运": desc("shipping"),
	"光电": desc("optoelectronic"), "智能": desc("intelligent"), "创新": desc("innovation"), "服务": desc("service"),
	"精密": desc("precision"), "仪器": desc("instrument"), "企业": desc("enterprise"), "产品": desc("product"), "资源": desc("resource"),
	"建设": desc("construction"), "移动": desc("mobile"), "电信": desc("communication"), "石油": desc("petroleum"),
	"石化": desc("petrochemical"), "化学": desc("chemical"), "汽车": desc("automobile"), "船舶": desc("shipbuilding"),
	"铁路": desc("railway"), "核工业": desc("nuclear", "industry"), "银行": desc("bank"), "科学": desc("science"), "研究": desc("research"),

	"中国": place("china"), "北京": place("beijing"), "上海": place("shanghai"), "深圳": place("shenzhen"),
	"广州": place("guangzhou"), "杭州": place("hangzhou"), "天津": place("tianjin"), "重庆": place("chongqing"),
	"武汉": place("wuhan"), "成都": place("chengdu"), "南京": place("nanjing"), "西安": place("xian"), "苏州": place("suzhou"),
	"浙江": place("zhejiang"), "江苏": place("jiangsu"), "广东": place("guangdong"), "香港": place("hongkong"),
	"厦门": place("xiamen"), "长沙": place("changsha"), "青岛": place("qingdao"), "大连": place("dalian"),
	"沈阳": place("shenyang"), "哈尔滨": place("harbin"), "郑州": place("zhengzhou"), "合肥": place("hefei"),
	"福建": place("fujian"), "山东": place("shandong"), "四川": place("sichuan"), "湖北": place("hubei"), "湖南": place("hunan"),
	"河南": place("henan"), "河北": place("hebei"), "陕西": place("shaanxi"), "山西": place("shanxi"), "安徽": place("anhui"),
	"江西": place("jiangxi"), "辽宁": place("liaoning"), "吉林": place("jilin"), "云南": place("yunnan"), "贵州": place("guizhou"),
	"广西": place("guangxi"), "新疆": place("xinjiang"), "海南": place("hainan"), "甘肃": place("gansu"), "珠海": place("zhuhai"),
	"东莞": place("dongguan"), "佛山": place("foshan"), "宁波": place("ningbo"), "无锡": place("wuxi"), "澳门": place("macau"),
	"台湾": place("taiwan"),
}

const (
	kindLegal uint8 = 10 + iota
	kindAdmin
)

type canonHan struct {
	toks []string
	kind uint8
}

func desc(toks ...string) canonHan  { return canonHan{toks, kindDesc} }
func place(toks ...string) canonHan { return canonHan{toks, kindPlace} }

// pinyinOverrides are readings go-pinyin's per-character default gets
// wrong in names: places, and words whose character has another common
// reading.
var pinyinOverrides = map[string]string{
	"重庆": "chong qing", "厦门": "xia men", "银行": "yin hang", "行业": "hang ye", "商行": "shang hang",
	"长沙": "chang sha", "长春": "chang chun", "长安": "chang an", "长城": "chang cheng", "长江": "chang jiang",
	"长征": "chang zheng", "长虹": "chang hong", "长河": "chang he", "长丰": "chang feng", "长治": "chang zhi",
	"成都": "cheng du", "首都": "shou du", "都市": "du shi", "京都": "jing du", "广厦": "guang xia", "大厦": "da sha",
	"蚌埠": "beng bu", "六安": "lu an", "番禺": "pan yu", "西藏": "xi zang", "音乐": "yin yue", "乐清": "yue qing",
	"单县": "shan xian", "尉氏": "yu shi", "长": "chang", "朝鲜": "chao xian", "朝阳": "chao yang", "重型": "zhong xing",
}

// surnames are common Chinese family names, with their reading as a
// surname where it differs from the character's default.
var surnames = map[string]string{
	"曾": "zeng", "单": "shan", "朴": "piao", "解": "xie", "区": "ou", "仇": "qiu", "查": "zha", "翟": "zhai", "覃": "qin",
	"薄": "bo", "盖": "ge", "乐": "yue", "召": "shao", "繁": "po", "员": "yun", "缪": "miao", "秘": "bi", "长": "chang",
	"欧阳": "ouyang", "司马": "sima", "诸葛": "zhuge", "上官": "shangguan", "东方": "dongfang", "皇甫": "huangfu",
	"尉迟": "yuchi", "公孙": "gongsun", "慕容": "murong", "令狐": "linghu", "长孙": "zhangsun", "单于": "chanyu",
}

// commonSurnames are single-character surnames (with no special reading)
// used to recognise a short name in characters as a person's.
const commonSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭萧肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤习温彭"

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range splitWords(words) {
		m[w] = true
	}
	return m
}

func splitWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	return out
}
