package extract

import "testing"

func TestLanguage(t *testing.T) {
	tests := []struct {
		name, text, want, reason string
	}{
		{"english", "Leaders of the NATO allies opened their annual summit in the Lithuanian capital on Tuesday, one day after Turkey agreed to send the protocol to parliament.", "en", ""},
		{"french", "Le président de la République a refusé de soutenir l'ouverture d'un bureau de liaison de l'Alliance atlantique dans la capitale japonaise.", "fr", ""},
		{"german", "Bundeskanzler Olaf Scholz hat beim Gipfel der Nato in der litauischen Hauptstadt ein neues Paket militärischer Unterstützung angekündigt.", "de", ""},
		{"spanish", "Los líderes de la alianza atlántica se reunieron en la capital de Lituania para discutir el futuro de Ucrania y la expansión hacia el este.", "es", ""},
		{"russian", "Лидеры стран НАТО собрались в столице Литвы, чтобы обсудить будущее Украины и отношения с Китаем.", "ru", ""},
		{"chinese", "北大西洋公约组织领导人在立陶宛首都维尔纽斯举行峰会，讨论乌克兰和中国问题。", "zh", "Han script"},
		{"japanese", "日本とフランスは初めての戦闘機の共同訓練を実施しました。", "ja", "kana"},
		{"too short", "NATO summit", "", "a headline is too short to tell"},
		{"empty", "", "", ""},
		{"numbers", "2023 2024 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31", "", "no letters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Language(tt.text); got != tt.want {
				t.Errorf("Language(%q) = %q, want %q %s", tt.text, got, tt.want, tt.reason)
			}
		})
	}
}

func TestByStopwords(t *testing.T) {
	tests := []struct {
		name, text, want string
		ok               bool
	}{
		{"english", "The ministers of the alliance said on Tuesday that they would meet again in the autumn, and that the talks with their partners in the region had been useful for all of them.", "en", true},
		{"french", "Les ministres de l'alliance ont déclaré mardi qu'ils se retrouveraient à l'automne, et que les discussions avec leurs partenaires dans la région ont été utiles pour tous, selon un communiqué publié par le ministère.", "fr", true},
		{"german", "Die Minister des Bündnisses erklärten am Dienstag, dass sie sich im Herbst wieder treffen werden und dass die Gespräche mit den Partnern in der Region für alle nützlich gewesen sind, wie das Ministerium mitteilte.", "de", true},
		{"too few", "NATO summit in Vilnius", "", false},
		{"short wire copy", "There were seven grain ships loading and six ships were waiting to load at Portland, according to the exchange.", "en", true},
		{"one word repeated", "Rapat di Jakarta di hari Senin di gedung baru di pusat kota membahas di mana kantor akan dibuka.", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := byStopwords(tt.text)
			if got != tt.want || ok != tt.ok {
				t.Errorf("byStopwords = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
