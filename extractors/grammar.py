"""The tables of Korean grammar the deal reader uses: particles, endings, descriptors.

One place for every closed class of words the reader keys on, so that a rule
reads "a comitative particle" rather than a list of forms, and a new form is
added once. Each table is a class of the language, never a list of cases:

* case particles give a noun phrase its role in the clause (``PARTICLE_ROLES``);
* verbal endings say how a clause joins the next one (``connective_kind``);
* descriptor words introduce a name without being part of it ("미국 바이오기업
  그린힐 테라퓨틱스": 미국 and 바이오기업 describe, the name follows);
* generic and anaphoric nouns stand where a name could, but name no one new
  ("양사는", "이 회사는", "업계는").
"""
from __future__ import annotations

import re
from enum import Enum


class Role(str, Enum):
    """What a noun phrase is to its clause, read from its particle."""

    TOPIC = "topic"          # 은/는
    SUBJECT = "subject"      # 이/가/께서
    ALSO = "also"            # 도 right after the noun: an added subject ("B도 투자했다")
    WITH = "with"            # 와/과/하고/(이)랑: comitative or conjunctive
    DATIVE = "dative"        # 에/에게/한테/께
    SOURCE = "source"        # 로부터/에게서/한테서
    OBJECT = "object"        # 을/를
    GENITIVE = "genitive"    # 의
    PARTNER_OF = "partner_of"  # 와의/과의: "B와의 협력"
    LOCATIVE = "locative"    # 에서
    INSTRUMENT = "instrument"  # (으)로
    COMPLEMENT = "complement"  # 이/가 before 되다/아니다 (Kiwi: JKC)
    BARE = "bare"            # no particle: a headline, a list, a comma in place of 은/는
    OTHER = "other"


# Counters that close a list of names: the list counts companies ("A·B·C 3사", "A, B, C 3개사").
NAMED_COUNT_UNITS = ("사", "개사")
# The case particles a name may carry where it is found on characters ("다온AI는", "누리와의"),
# as a regex fragment: one of them or none.
NAME_PARTICLES = r"(?:와의|과의|에서|에게|로부터|으로|측은|측이|측|은|는|이|가|을|를|와|과|의|에|도|로|만)?"

# The first case particle of a word decides its role; a later 은/는/도 only marks it.
PARTICLE_ROLES: dict[str, Role] = {
    "은": Role.TOPIC, "는": Role.TOPIC, "ᆫ": Role.TOPIC,
    "이": Role.SUBJECT, "가": Role.SUBJECT, "께서": Role.SUBJECT, "에서는": Role.LOCATIVE,
    "도": Role.ALSO,
    "와": Role.WITH, "과": Role.WITH, "하고": Role.WITH, "랑": Role.WITH, "이랑": Role.WITH,
    "에": Role.DATIVE, "에게": Role.DATIVE, "한테": Role.DATIVE, "께": Role.DATIVE,
    "로부터": Role.SOURCE, "으로부터": Role.SOURCE, "에게서": Role.SOURCE, "한테서": Role.SOURCE,
    "을": Role.OBJECT, "를": Role.OBJECT, "ᆯ": Role.OBJECT,
    "의": Role.GENITIVE,
    "에서": Role.LOCATIVE, "서": Role.LOCATIVE,
    "로": Role.INSTRUMENT, "으로": Role.INSTRUMENT,
}
# Kiwi's tags for a complement subject (JKC) and a vocative or quotation carry no party.
TAG_ROLES: dict[str, Role] = {"JKC": Role.COMPLEMENT, "JKV": Role.OTHER, "JKQ": Role.OTHER}
SUBJECT_ROLES = frozenset({Role.TOPIC, Role.SUBJECT, Role.ALSO})


class Ending(str, Enum):
    """How a predicate word ends its clause."""

    FINAL = "final"            # 체결했다.
    COORDINATE = "coordinate"  # 체결하고, 체결했으며, 체결하면서, 맺어
    CONTRAST = "contrast"      # 경쟁하지만, 협력했으나, 했는데
    PURPOSE = "purpose"        # 하기 위해, 하도록, 하려고
    QUOTE = "quote"            # 체결했다고 (밝혔다)
    ADNOMINAL = "adnominal"    # 체결한 (A는): a relative clause
    COPULA = "copula"          # 기업인 (B와): "B, a company that is ..."
    NOMINAL = "nominal"        # 협력하기로, 설립키로, 체결함
    CONDITION = "condition"    # 하면, 하려면


# Connective endings by what they do to the clause chain. Forms are Kiwi's (ᆫ/ᆯ jamo).
_CONTRAST_FORMS = ("지만", "으나", "나", "는데", "은데", "ᆫ데", "데", "면서도", "더라도", "어도", "아도",
                   "지마는", "건만")
_PURPOSE_FORMS = ("도록", "려고", "으려고", "고자", "게")
_QUOTE_FORMS = ("다고", "라고", "자고", "냐고", "ᆫ다고", "는다고")
_CONDITION_FORMS = ("면", "으면", "려면", "으려면")


def connective_kind(form: str) -> Ending:
    """The kind of clause link a connective ending (Kiwi tag EC) makes."""
    if form in _QUOTE_FORMS or form.endswith("다고"):
        return Ending.QUOTE
    if form in _CONTRAST_FORMS:
        return Ending.CONTRAST
    if form in _PURPOSE_FORMS:
        return Ending.PURPOSE
    if form in _CONDITION_FORMS:
        return Ending.CONDITION
    return Ending.COORDINATE


# Words that tell a reader what kind of organisation follows; the name comes after them.
# An org-type head on its own, or at the end of a compound of common nouns
# ("바이오기업", "부품사", "물류 스타트업"), is a descriptor.
DESCRIPTOR_HEADS = (
    "기업", "업체", "회사", "스타트업", "벤처", "벤처기업", "법인", "사", "기관", "단체", "그룹", "제조사",
    "운영사", "투자사", "운용사", "펀드", "사모펀드", "벤처캐피털", "벤처캐피탈", "액셀러레이터", "선사",
    "유통사", "협력사", "고객사", "자회사", "계열사", "손자회사", "모회사", "지주사", "지주회사", "상장사",
    "비상장사", "대기업", "중견기업", "중소기업", "공기업", "전문기업", "플랫폼", "프랜차이즈", "체인",
    "연합", "기업체", "파트너", "파트너사", "개발사", "업계", "브랜드", "제약사", "바이오텍", "업",
    "은행", "증권사", "보험사", "카드사", "건설사", "통신사", "게임사", "완성차", "완성차업체", "메이커",
    "공급사", "납품업체", "협력업체", "자산운용사", "창투사", "연구기관", "공공기관", "지자체",
    "사업자", "가맹사업자", "업자", "건축사무소", "설계사무소", "법률사무소", "사이트", "쇼핑몰", "오픈마켓", "체인점", "판매사", "제작사", "배급사", "수입사", "개발업체", "전문업체",
)
# Descriptor heads that also end company names ("그린체인", "누리플랫폼", "가온파트너"): right
# after another descriptor ("스마트팜 스타트업 그린체인과") such a word is the name it describes.
NAME_ENDING_HEADS = ("체인", "플랫폼", "브랜드", "연합", "그룹", "벤처", "펀드", "바이오텍", "메이커", "파트너",
                     "은행", "쇼핑몰", "사이트")
# Units inside an organisation: written after its name ("가람대학교 에너지공학과 연구팀",
# "누리자동차 울산공장"), they leave the organisation the party.
SUB_UNIT_HEADS = ("학과", "학부", "대학원", "연구팀", "연구진", "교수팀", "교수진", "연구실", "연구단", "사업부", "사업본부", "본부",
                  "지사", "지점", "공장", "사업장", "캠퍼스", "센터",
                  # the outlets a company runs: "큰들유통 온라인몰에 입점" enters the company's store
                  "온라인몰", "쇼핑몰", "공식몰", "온라인스토어")
# Place and scope words that describe a name before it ("미국", "국내", "중견", "美").
DESCRIPTOR_WORDS = frozenset((
    "국내", "해외", "글로벌", "세계", "국내외", "현지", "지역", "토종", "외국", "다국적", "중견", "중소",
    "대형", "소형", "신생", "유망", "선도", "대표", "국영", "민간", "공공", "국립", "사립", "상장", "비상장",
    "코스닥", "코스피", "유가증권", "미국", "일본", "중국", "독일", "프랑스", "영국", "이탈리아", "스페인",
    "네덜란드", "스웨덴", "노르웨이", "핀란드", "덴마크", "스위스", "오스트리아", "벨기에", "폴란드",
    "캐나다", "호주", "뉴질랜드", "인도", "인도네시아", "베트남", "태국", "싱가포르", "말레이시아",
    "필리핀", "대만", "홍콩", "이스라엘", "사우디", "사우디아라비아", "아랍에미리트", "UAE", "카타르",
    "튀르키예", "터키", "러시아", "브라질", "멕시코", "칠레", "아르헨티나", "남아공", "이집트", "모로코",
    "카자흐스탄", "우즈베키스탄", "몽골", "그리스", "포르투갈", "체코", "헝가리", "루마니아", "아일랜드",
    "한국", "북미", "남미", "유럽", "중동", "아시아", "동남아", "아프리카", "美", "日", "中", "英", "獨",
    "佛", "韓", "印", "加", "濠", "台", "대만계", "미국계", "일본계", "중국계", "외국계", "한국계",
    # Korean regions as written before a name ("충남 보령시", "경북 구미의 기업")
    "서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "전북",
    "전남", "경북", "경남", "제주", "수도권", "영남", "호남", "충청", "도내", "시내", "관내", "역내",
))
# Nouns that stand in a party's place but name nobody new: generic agents and anaphors.
GENERIC_NOUNS = frozenset((
    "회사", "기업", "업체", "업계", "기관", "단체", "정부", "당국", "지자체", "양사", "양측", "양국", "양 기관",
    "양 사", "쌍방", "이들", "이들 기업", "그들", "우리", "자사", "당사", "동사", "본사", "관계자", "회원사",
    "협력사", "고객사", "파트너사", "시장", "소비자", "고객", "주민", "시민", "농가", "학계", "투자자",
    "투자사", "주주", "경쟁사", "참여사", "컨소시엄", "스타트업", "대기업", "중소기업", "중견기업", "벤처",
    "기업들", "업체들", "회사들", "기관들", "측", "이번", "올해", "지난해", "내년", "이날", "당일", "현재",
    "그룹", "계열사", "자회사", "모회사", "지주사", "협회", "정부기관", "공공기관", "은행", "금융사",
    "금융기관", "대학", "병원", "연구소", "연구진", "연구팀", "연구원", "학교", "협의체", "위원회", "기업인",
    "다수", "복수", "일부", "상당수", "대부분", "여러", "각종", "신주", "구주", "지분", "주식", "원", "달러", "억",
    "만", "조", "서로", "모두", "함께", "각자", "자체", "독자", "직접", "이밖", "그밖", "이외", "그외",
))
# Words that point back to parties named earlier in the document.
PAIR_ANAPHORS = ("양사", "양 사", "양측", "양 측", "양 기관", "양기관", "두 회사", "두 기업", "두 기관",
                 "양 회사", "두 사", "양 그룹", "두 그룹", "양 은행", "두 은행")
SINGLE_ANAPHORS = ("이 회사", "회사", "동사", "같은 회사", "이 기업", "해당 기업", "해당 회사", "시",
                   "도", "군", "구", "이 은행", "이 업체", "해당 업체", "그룹")
# Nouns after a quoted or bare name that make it a product, brand or service.
PRODUCT_HEADS = ("브랜드", "제품", "상품", "서비스", "앱", "애플리케이션", "플랫폼", "솔루션", "프로그램",
                 "모델", "시리즈", "카드", "게임", "매장", "스토어", "편의점", "쇼핑몰", "몰")
# Acronyms and words of business prose that are never a party by themselves.
COMMON_ACRONYMS = frozenset((
    "MOU", "LOI", "NDA", "MOA", "AI", "CEO", "CTO", "CFO", "COO", "R&D", "ESG", "IoT", "IOT", "GDP", "CVC",
    "IR", "B2B", "B2C", "B2G", "D2C", "IPO", "M&A", "PE", "VC", "ODM", "OEM", "EMS", "SW", "HW", "IT", "ICT",
    "DX", "AX", "GX", "EV", "ESS", "SMR", "LNG", "LPG", "HBM", "AP", "PC", "TV", "OTT", "SNS", "API", "SaaS",
    "PaaS", "IaaS", "PLCC", "RCPS", "CB", "BW", "KPI", "ROI", "PoC", "POC", "PMI", "JV", "SPC", "SPAC",
    "LLC", "GPU", "CPU", "NPU", "XR", "VR", "AR", "MR", "UAM", "CES", "MWC", "FTA", "WTO", "UN", "EU",
))

# The nouns that count organisations ("23개 회원사", "식품업계 3사", "기업 500여 곳").
ORG_COUNT_NOUN = re.compile(
    r"(?:사|기업|업체|회원사|기관|단체|회사|브랜드|스타트업|은행|파트너|점포|매장|협력사|공기업|대기업|중소기업|벤처|"
    r"제조사|유통사|건설사|증권사|보험사|社|사업자|가맹점|대학|병원|지자체|기관·기업|곳)(?:들)?$")
# Counters of organisations: "3사", "10개사", "23곳", "120개 (회원사)".
GROUP_UNITS = ("개", "곳", "개사", "사", "회사")
# Verbs used as postpositions: "X를 위한/위해", "X에 관한", "X에 대한", "X를 통해" take the one
# phrase before them; the phrases before that belong to the next clause.
POSTPOSITION_STEMS = ("위하", "위한", "위해", "관하", "관한", "관해", "대하", "대한", "대해", "따르", "따른", "따라",
                      "통하", "통한", "통해", "향하", "향한", "의한", "의해", "걸친", "걸쳐", "비롯", "포함한", "포함해",
                      "포함하여", "포함")
# Adnominal forms used as determiners of time ("지난 8일", "오는 3월").
TIME_DETERMINERS = ("지난", "오는", "다가오는")
# Loanwords that end foreign company names written in Hangul ("노스포인트 데이터", "실리콘베이 메모리");
# any other common noun after a name is a head, not part of the name ("라스트마일 배송").
NAME_TAILS = ("데이터", "파워", "메모리", "테크놀로지", "테크놀로지스", "일렉트릭", "모터스", "오토모티브", "파마",
              "헬스", "미디어", "네트웍스", "네트워크", "시스템", "시스템스", "솔루션", "솔루션즈", "랩", "랩스",
              "홀딩스", "캐피털", "캐피탈", "파트너스", "벤처스", "인베스트먼트", "에너지", "마린", "로지스틱스",
              "인더스트리", "인더스트리즈", "엔지니어링", "케미칼", "머티리얼즈", "일렉트로닉스", "커뮤니케이션즈",
              "소프트", "소프트웨어", "게임즈", "엔터테인먼트", "스튜디오", "푸드", "뷰티", "코리아", "재팬", "차이나",
              "아메리카", "인터내셔널", "글로벌", "그룹", "바이오", "메디컬", "헬스케어", "모빌리티", "로보틱스",
              "디자인", "컴퍼니", "코퍼레이션", "리서치", "컨설팅", "트레이딩", "쉬핑", "에어", "에어라인",
              "항공", "해운", "산업기계", "중공업", "화학", "전자", "제약", "브루잉", "렌털스",
              # the units of a university or an institute ("고려대학교 산학협력단")
              "산학협력단", "기술지주", "기술지주회사", "연구소", "연구원", "병원", "의료원", "재단", "센터")
# Bound nouns after an adnominal that make a connective ("연장하는 한편", "맺은 데 이어", "인수한 뒤"):
# the clause before them is coordinated with the next one, not a relative clause.
CONNECTIVE_NOUNS = ("한편", "데", "뒤", "후", "다음", "반면", "동시에", "가운데", "만큼", "이후", "직후", "데다", "데다가")
# Nouns that make "-ㄹ/-ㄴ + noun + 이다" a modal of the verb before them, not a relative clause
# ("매입할 예정이다", "체결할 계획이다", "추진할 방침이다").
MODAL_NOUNS = ("예정", "계획", "방침", "것", "전망", "수", "듯", "모양", "셈", "참")
# Adnominal verbs of membership: "[컨소시엄에 포함된] B, C", "[컨소시엄에 참여한] D".
MEMBERSHIP_VERBS = ("포함된", "포함되", "참여한", "참여하는", "참가한", "참가하는", "속한", "합류한", "소속된", "구성된")
