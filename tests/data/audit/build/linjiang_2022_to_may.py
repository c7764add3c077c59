import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Doc, ratio, total, product
from lib import DATA as D
d = Doc(D + "linjiang_2022_to_may.txt", D + "linjiang_2022_to_may.expected.json", {
    "document": "linjiang_2022_to_may",
    "description": "synthetic: 临江县 (fictional) health commission, progress report to the end of May 2022",
    "as_of": "2022-06-02", "period": "2022年截至5月底", "example": False})
F = d.fig; P = "%"; W, Y = 10000, 100000000
F("xz", "17个", "乡镇（街道）", 17, 0, "个", "count", after="全县辖")
F("hj", "38.6万人", "户籍人口", 386000, 1, "人", "count", magnitude=W)
F("pop", "34.2万人", "常住人口", 342000, 1, "人", "count", magnitude=W)
F("jg", "412个", "医疗卫生机构", 412, 0, "个", "count")
F("xj", "4家", "县级公立医院", 4, 0, "家", "count")
F("wsy", "17个", "乡镇卫生院（社区卫生服务中心）", 17, 0, "个", "count")
F("da", "317034份", "居民电子健康档案", 317034, 0, "份", "count")
F("da_r", "92.70%", "建档率", 92.70, 2, P, "rate")
F("qy", "119358人", "家庭医生签约", 119358, 0, "人", "count")
F("qy_r", "34.90%", "签约率", 34.90, 2, P, "rate")
F("xz2", "17个", "乡镇（街道）", 17, 0, "个", "count", after="全县17个乡镇（街道）中")
F("gzs", "14个", "建成家庭医生工作室的乡镇", 14, 0, "个", "count")
F("gzs_w", "3个", "筹建中的街道", 3, 0, "个", "count")
F("jz", "46场", "健康讲座", 46, 0, "场", "count")
F("jz_r", "近3000人次", "参加群众", 3000, 0, "人次", "count", bound="nearly")
F("zl", "2.3万份", "健康教育资料", 23000, 1, "份", "count", magnitude=W)
F("cs", "1208人", "1-5月出生", 1208, 0, "人", "count", period="1-5月")
F("cs_r", "3.13‰", "出生率", 3.13, 2, "‰", "rate")
F("sw", "1002人", "1-5月死亡", 1002, 0, "人", "count", period="1-5月")
F("sw_r", "2.93‰", "死亡率", 2.93, 2, "‰", "rate")
F("s1", "298例", "脑血管病", 298, 0, "例", "count")
F("s2", "246例", "恶性肿瘤", 246, 0, "例", "count")
F("s3", "201例", "心脏病", 201, 0, "例", "count")
F("s4", "117例", "呼吸系统疾病", 117, 0, "例", "count")
F("s5", "54例", "损伤和中毒", 54, 0, "例", "count")
F("my_q", "52800剂次", "免疫规划全年任务", 52800, 0, "剂次", "count")
F("my_d", "18960剂次", "1-5月累计接种", 18960, 0, "剂次", "count", period="1-5月")
F("my_r", "35.9%", "接种完成全年任务", 35.9, 1, P, "rate")
F("my_jz", "90%以上", "免疫规划疫苗接种率", 90, 0, P, "rate", bound="more_than")
F("fjh", "53例", "肺结核患者", 53, 0, "例", "count")
F("azb", "6例", "艾滋病病毒感染者和病人", 6, 0, "例", "count")
F("szk", "128例", "手足口病", 128, 0, "例", "count")
F("szk0", "200例", "上年同期手足口病", 200, 0, "例", "count")
F("szk_c", "36.0%", "手足口病同比下降", 36.0, 1, P, "rate")
F("fx", "95例", "其他感染性腹泻", 95, 0, "例", "count")
F("hj_q", "2500人", "婚检全年任务", 2500, 0, "人", "count")
F("hj_d", "1130人", "1-5月婚检完成", 1130, 0, "人", "count")
F("hj_r", "45.2%", "婚检完成全年任务", 45.2, 1, P, "rate")
F("ys_q", "1800人", "增补叶酸全年任务", 1800, 0, "人", "count")
F("ys_d", "756人", "已服用叶酸", 756, 0, "人", "count")
F("ys_r", "42.0%", "叶酸完成全年任务", 42.0, 1, P, "rate")
F("hc", "1196人", "住院分娩活产", 1196, 0, "人", "count")
F("fm_r", "100%", "住院分娩率", 100, 0, P, "rate")
F("bz_n", "1052人", "住院分娩补助人数", 1052, 0, "人", "count")
F("bz", "500元", "人均补助", 500, 0, "元", "money")
F("bz_zj", "52.6万元", "住院分娩补助资金", 526000, 1, "元", "money", magnitude=W)
F("zl_all", "86.52万人次", "诊疗总人次", 865200, 2, "人次", "count", magnitude=W)
F("zl_xj", "33.4万人次", "县级医院诊疗", 334000, 1, "人次", "count", magnitude=W)
F("zl_jc", "53.12万人次", "基层诊疗", 531200, 2, "人次", "count", magnitude=W)
F("zb_xj", "38.6%", "县级医院诊疗人次占比", 38.6, 1, P, "rate")
F("bh_xj", "1.2个百分点", "县级医院占比下降", 1.2, 1, "个百分点", "percentage_points")
F("zb_jc", "61.4%", "基层诊疗人次占比", 61.4, 1, P, "rate")
F("bh_jc", "1.2个百分点", "基层占比上升", 1.2, 1, "个百分点", "percentage_points")
F("jbyw", "97%左右", "基本药物使用比例", 97, 0, P, "rate", bound="about")
F("zj", "8652万元", "已拨付卫生健康资金", 86520000, 0, "元", "money", magnitude=W)
F("zj1", "3210万元", "公立医院补助", 32100000, 0, "元", "money", magnitude=W)
F("zj2", "2946万元", "基本公共卫生服务", 29460000, 0, "元", "money", magnitude=W)
F("zj3", "1318万元", "重大公共卫生项目", 13180000, 0, "元", "money", magnitude=W)
F("zj4", "1208万元", "基层运行补助", 12080000, 0, "元", "money", magnitude=W)
F("gc", "268家", "公共场所经营单位", 268, 0, "家", "count")
F("gc_j", "201家", "已监督检查", 201, 0, "家", "count")
F("gc_r", "78.36%", "监督覆盖率", 78.36, 2, P, "rate")
F("xx", "63所", "检查中小学校及托幼机构", 63, 0, "所", "count")
F("yjs", "41份", "卫生监督意见书", 41, 0, "份", "count")
F("zz", "5次", "环境卫生集中整治", 5, 0, "次", "count")
F("sj", "1260处", "清理卫生死角", 1260, 0, "处", "count")
F("gjwx", "9个", "国家卫生乡镇", 9, 0, "个", "count")
F("sjwx", "3个", "申报省级卫生乡镇", 3, 0, "个", "count")
F("yy", "6家", "医养结合机构", 6, 0, "家", "count")
F("yy_cw", "820张", "医养结合床位总数", 820, 0, "张", "count")
F("yy_yl", "190张", "医疗床位", 190, 0, "张", "count")
F("yy_ly", "630张", "养老床位", 630, 0, "张", "count")
F("zh_tz", "2.36亿元", "综合楼总投资", 236000000, 2, "元", "money", magnitude=Y)
F("zh_wc", "1.12亿元", "综合楼已完成投资", 112000000, 2, "元", "money", magnitude=Y)
F("zh_r", "47.5%", "综合楼投资完成占比", 47.5, 1, P, "rate")
F("kf_tz", "8600万元", "康复楼总投资", 86000000, 0, "元", "money", magnitude=W)
F("kf_wc", "5410万元", "康复楼完成投资", 54100000, 0, "元", "money", magnitude=W)
F("kf_r", "62.9%", "康复楼投资完成占比", 62.9, 1, P, "rate")
F("aq", "3轮", "安全生产检查", 3, 0, "轮", "count")
F("aq_j", "126家次", "检查医疗卫生机构", 126, 0, "家次", "count")
F("yh", "87处", "安全隐患", 87, 0, "处", "count")
F("yh_r", "100%", "整改率", 100, 0, P, "rate")
Q = d.find
pool = [{"count": "da", "rate": "da_r", "multiplier": 100},
        {"count": "qy", "rate": "qy_r", "multiplier": 100},
        {"count": "sw", "rate": "sw_r", "multiplier": 1000},
        {"population": "pop"}]
Q("implied_denominator", "consistent", "info", ["pop", "da", "da_r", "qy", "qy_r", "sw", "sw_r"],
  {"op": "implied_denominator", "pool": pool, "tested": []}, "[341981.6, 342018.4]",
  "317034 at [92.695, 92.705) % -> (341981.6, 342018.4]; 119358 at [34.895, 34.905) % -> (341951.0, 342049.0]; "
  "1002 at [2.925, 2.935) permille -> (341397, 342564]; 34.2万 -> [341500, 342500]: the resident population", planted=False)
Q("implied_denominator", "inconsistent", "warning", ["cs", "cs_r", "pop", "da", "da_r", "qy", "qy_r", "sw", "sw_r", "hj"],
  {"op": "implied_denominator", "pool": pool, "tested": [{"count": "cs", "rate": "cs_r", "multiplier": 1000}]},
  "1208 at [3.125, 3.135) permille -> (385327, 386560]; 1208/342000 = 3.53 permille",
  "1208 births at 3.13 ‰ imply about 386,000 people, the printed 户籍人口38.6万, not the 常住人口34.2万 behind the other rates "
  "(which would give 3.53 ‰); consistent only with that unstated base", planted=True)
Q("parts_total", "consistent", "info", ["jg", "xj", "wsy"], {"op": "le", "part": {"sum": ["xj", "wsy"]}, "whole": "jg"},
  "21 <= 412", "其中 names two kinds only (4 county hospitals, 17 township centres) of the 412 institutions: an incomplete "
  "breakdown must not exceed its total and must not be flagged for not adding up to it", planted=False)
Q("parts_total", "consistent", "info", ["xz2", "gzs", "gzs_w"], total(["gzs", "gzs_w"], "xz2"), "17",
  "14 townships with a studio + 3 streets preparing one = 17", planted=False)
Q("ranked_list", "consistent", "info", ["s1", "s2", "s3", "s4", "s5", "sw"],
  {"op": "ranked", "items": ["s1", "s2", "s3", "s4", "s5"], "total": "sw", "order": "desc"}, "916 <= 1002",
  "298 >= 246 >= 201 >= 117 >= 54; sum 916 <= 1002 deaths", planted=False)
Q("quota_completion", "consistent", "info", ["my_q", "my_d", "my_r"], ratio("my_d", "my_q", 100, "my_r"), "35.9",
  "18960/52800 x 100 = 35.9091 -> 35.9", planted=False)
Q("progress", "consistent", "warning", ["my_r"],
  {"op": "progress", "share": "my_r", "period_start": "2022-01-01", "period_end": "2022-12-31", "as_of": "2022-05-31", "claim": False},
  "elapsed at 31 May 2022: 151/365 = 41.37 % by days, 5/12 = 41.67 % by months; done 35.9 %",
  "immunisation 5.5 points behind time progress; no claim of being on schedule is printed (the report itself calls it 滞后), "
  "so a warning: only an uneven schedule would explain it", planted=True)
Q("rate_counts", "consistent", "info", ["szk", "szk0", "szk_c"],
  {"op": "change", "new": "szk", "old": "szk0", "reported": "szk_c", "kind": "relative_fall"}, "36.0",
  "1 - 128/200 = 0.36 -> 下降36.0%", planted=False)
Q("quota_completion", "consistent", "info", ["hj_q", "hj_d", "hj_r"], ratio("hj_d", "hj_q", 100, "hj_r"), "45.2",
  "1130/2500 x 100 = 45.2", planted=False)
Q("progress", "consistent", "info", ["hj_r"],
  {"op": "progress", "share": "hj_r", "period_start": "2022-01-01", "period_end": "2022-12-31", "as_of": "2022-05-31", "claim": False},
  "45.2 % against 41.37 % / 41.67 %", "ahead of time progress", planted=False)
Q("quota_completion", "consistent", "info", ["ys_q", "ys_d", "ys_r"], ratio("ys_d", "ys_q", 100, "ys_r"), "42.0",
  "756/1800 x 100 = 42.0", planted=False)
Q("progress", "consistent", "info", ["ys_r"],
  {"op": "progress", "share": "ys_r", "period_start": "2022-01-01", "period_end": "2022-12-31", "as_of": "2022-05-31", "claim": False},
  "42.0 % (41.95-42.05) against 41.37 % / 41.67 %", "just ahead of time progress on both counts", planted=False)
Q("exceeds_existing", "consistent", "info", ["cs", "hc"], {"op": "le", "part": "hc", "whole": "cs"}, "1196 <= 1208",
  "1196 hospital live births of 1208 births", planted=False)
Q("product", "consistent", "info", ["bz_n", "bz", "bz_zj"], product(["bz_n", "bz"], "bz_zj"), "52.6万元",
  "1052 x 500元 = 526,000元 = 52.6万元", planted=False)
Q("parts_total", "consistent", "info", ["zl_all", "zl_xj", "zl_jc"], total(["zl_xj", "zl_jc"], "zl_all"), "86.52万",
  "33.4万 + 53.12万 = 86.52万人次", planted=False)
Q("rate_counts", "consistent", "info", ["zl_all", "zl_xj", "zb_xj"], ratio("zl_xj", "zl_all", 100, "zb_xj"), "38.60",
  "33.4/86.52 = 38.604 % -> 38.6 (38.54-38.66 with rounding)", planted=False)
Q("rate_counts", "consistent", "info", ["zl_all", "zl_jc", "zb_jc"], ratio("zl_jc", "zl_all", 100, "zb_jc"), "61.40",
  "53.12/86.52 = 61.396 % -> 61.4", planted=False)
Q("parts_total", "consistent", "info", ["zb_xj", "zb_jc"], total(["zb_xj", "zb_jc"], {"const": "100"}), "100.0",
  "38.6 + 61.4 = 100.0 %", planted=False)
Q("composition_change", "consistent", "info", ["bh_xj", "bh_jc"],
  {"op": "net_zero", "changes": [{"sign": -1, "value": "bh_xj"}, {"sign": 1, "value": "bh_jc"}]}, "0",
  "-1.2 + 1.2 = 0 points: the two shares of a whole move by opposite amounts", planted=False)
Q("parts_total", "inconsistent", "error", ["zj", "zj1", "zj2", "zj3", "zj4"], total(["zj1", "zj2", "zj3", "zj4"], "zj"), "8682万元",
  "3210 + 2946 + 1318 + 1208 = 8682万, 30万 more than the 8652万元 printed", planted=True)
Q("rate_counts", "inconsistent", "error", ["gc", "gc_j", "gc_r"], ratio("gc_j", "gc", 100, "gc_r"), "75.00",
  "201/268 x 100 = 75.0 exactly, printed 78.36 %", planted=True)
Q("parts_total", "consistent", "info", ["yy_cw", "yy_yl", "yy_ly"], total(["yy_yl", "yy_ly"], "yy_cw"), "820",
  "190 + 630 = 820 beds", planted=False)
Q("rate_counts", "consistent", "info", ["zh_tz", "zh_wc", "zh_r"], ratio("zh_wc", "zh_tz", 100, "zh_r"), "47.46",
  "1.12/2.36 = 47.458 % -> 47.5 (47.15-47.77 with 亿 rounded to 0.01亿)", planted=False)
Q("rate_counts", "consistent", "info", ["kf_tz", "kf_wc", "kf_r"], ratio("kf_wc", "kf_tz", 100, "kf_r"), "62.91",
  "5410/8600 = 62.907 % -> 62.9", planted=False)
Q("exceeds_existing", "consistent", "info", ["xz", "gjwx", "sjwx"], {"op": "le", "part": {"sum": ["gjwx", "sjwx"]}, "whole": "xz"},
  "12 <= 17", "9 national + 3 applying = 12 of the 17 townships and streets", planted=False)
d.write()
