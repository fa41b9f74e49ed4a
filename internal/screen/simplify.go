package screen

import "strings"

// tradPairs maps traditional characters common in company and place names
// to their simplified forms (traditional first in each pair). It is not a
// full converter: characters it does not know are kept.
const tradPairs = "華华為为國国際际電电術术貿贸興兴業业團团東东門门慶庆長长廣广馬马車车聯联發发開开龍龙鐵铁銀银區区無无線线訊讯" +
	"網网絡络資资產产體体導导學学機机設设備备製制數数據据軍军務务場场鋼钢礦矿氣气廠厂傳传視视頻频衛卫灣湾臺台億亿達达" +
	"豐丰進进實实創创飛飞廈厦蘇苏漢汉寧宁瀋沈陽阳濱滨鄭郑閩闽遼辽貴贵雲云藝艺總总經经營营號号島岛計计劃划紡纺織织藥药" +
	"醫医療疗環环險险證证託托買买賣卖個个極极陸陆緯纬積积聖圣廣广來来齊齐紅红綠绿藍蓝黃黄語语說说課课讀读議议讓让" +
	"鎮镇縣县鄉乡場场價价錢钱時时間间問问題题書书畫画義义體体儀仪測测試试驗验輸输運运動动務务勞劳協协會会員员選选" +
	"歐欧亞亚澳澳僑侨潤润滙汇匯汇華华鑫鑫順顺碼码標标準准類类優优質质廣广"

var tradToSimp = func() map[rune]rune {
	m := map[rune]rune{}
	rs := []rune(tradPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		m[rs[i]] = rs[i+1]
	}
	return m
}()

// toSimplified writes the traditional characters it knows in simplified
// form.
func toSimplified(s string) string {
	return strings.Map(func(r rune) rune {
		if t, ok := tradToSimp[r]; ok {
			return t
		}
		return r
	}, s)
}
