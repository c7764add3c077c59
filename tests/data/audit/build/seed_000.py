import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Doc, ratio, total, product

from lib import DATA, SEEDS
OUT = DATA + "seed_000.expected.json"
d = Doc(SEEDS + "000_b5c097da57629d65.txt", OUT, {
    "document": "seed_000",
    "seed_file": "000_b5c097da57629d65.txt",
    "description": "a district health commission's 2019 year summary and 2020 plan (real text, not committed)",
    "as_of": "2019-12-13",
    "period": "2019",
})
F = d.fig
P, PM = "%", "‰"

# 1、妇幼健康
F("hj_quota", "1600人", "免费婚前医学检查任务数", 1600, 0, "人", "count", after="免费婚前医学检查任务数为")
F("hj_done", "1506人", "免费婚检人数", 1506, 0, "人", "count")
F("hj_rate", "94.13%", "婚检任务完成率", 94.13, 2, P, "rate")
F("hj_jl", "90.18%", "婚检率", 90.18, 2, P, "rate")
F("hj_jc", "13.41%", "疾病检出率", 13.41, 2, P, "rate")
F("yk", "659本", "发放孕卡", 659, 0, "本", "count", period="截止11月份")
F("yc_fw", "5290人次", "孕产妇健康管理服务", 5290, 0, "人次", "count")
F("yc_xt", "85.27%", "孕产妇保健系统管理率", 85.27, 2, P, "rate")
F("yc_fg", "96.84%", "孕产妇保健覆盖率", 96.84, 2, P, "rate")
F("hbig", "10人", "乙肝免疫球蛋白接种", 10, 0, "人", "count", period="1-11月份")
F("yq_quota", "371对", "免费孕前优生任务目标", 371, 0, "对", "count")
F("yq_done", "359对", "孕前优生已完成", 359, 0, "对", "count")
F("yq_rate", "96.77%", "孕前优生完成率", 96.77, 2, P, "rate")
F("pgc", "35.12%", "累计剖宫产率", 35.12, 2, P, "rate", period="1-11月份")
F("pgc1", "22.58%", "累计一胎剖宫产率", 22.58, 2, P, "rate")
F("csz", "222份", "出生医学证明办理", 222, 0, "份", "count")
F("csz_rate", "96.5%", "办证率", 96.5, 1, P, "rate")
# 2、家庭医生签约
F("qy_n", "59902人", "常住人口签约人数", 59902, 0, "人", "count", after="常住人口签约人数")
F("qy_r", "33.65%", "常住人口签约率", 33.65, 2, P, "rate")
F("zd_n", "32141人", "重点人群签约人数", 32141, 0, "人", "count")
F("zd_r", "60.20%", "重点人群签约率", 60.20, 2, P, "rate")
F("yc_n", "9199", "有偿签约人数", 9199, 0, "人", "count")
F("yc_r", "5%", "有偿签约率", 5, 0, P, "rate", after="有偿签约率达")
F("gxy_n", "4084", "高血压有偿签约人数", 4084, 0, "人", "count")
F("gxy_r", "2.2%", "高血压有偿签约率", 2.2, 1, P, "rate")
F("tnb_n", "1909", "糖尿病有偿签约人数", 1909, 0, "人", "count")
F("tnb_r", "1.07%", "糖尿病有偿签约率", 1.07, 2, P, "rate")
# 3、老龄
F("ll", "34903人", "老龄人口", 34903, 0, "人", "count", after="老龄人口")
F("jf", "5799人", "银龄安康缴费人数", 5799, 0, "人", "count")
F("jf_task", "47.4%", "银龄安康任务完成率", 47.4, 1, P, "rate")
F("jf_fg", "16.6%", "银龄安康覆盖率", 16.6, 1, P, "rate")
F("bf", "289950元", "累计保费", 289950, 0, "元", "money")
# 4、职业病
F("zyb_sb", "32家", "申报职业病危害项目企业", 32, 0, "家", "count")
F("zyb_zg", "4家", "责令整改企业", 4, 0, "家", "count")
F("zyb_px", "19家", "参加培训企业", 19, 0, "家", "count")
F("zyb_jc", "34家", "现场监测企业", 34, 0, "家", "count")
# (二) 1、基本公卫
F("da_n", "153672人", "居民健康电子档案", 153672, 0, "人", "count")
F("da_r", "86.33%", "电子建档率", 86.33, 2, P, "rate")
F("lr_n", "15506人", "65岁及以上老人规范管理", 15506, 0, "人", "count")
F("lr_r", "70.92%", "老年人规范管理率", 70.92, 2, P, "rate")
F("gxy_gl", "17106人", "高血压规范管理人数", 17106, 0, "人", "count")
F("gxy_glr", "49.18%", "高血压规范管理率", 49.18, 2, P, "rate")
F("tnb_gl", "6209人", "Ⅱ型糖尿病规范管理", 6209, 0, "人", "count")
F("tnb_glr", "46.38%", "糖尿病规范管理率", 46.38, 2, P, "rate")
F("jsb_gl", "728人", "重症精神病规范管理", 728, 0, "人", "count")
F("jsb_glr", "90.89%", "重症精神病规范管理率", 90.89, 2, P, "rate")
F("et06", "90.1%", "0-6岁儿童保健覆盖率", 90.1, 1, P, "rate")
F("yc_jk", "93.94%", "孕产妇建卡率", 93.94, 2, P, "rate")
F("yc_xt2", "85.07%", "孕产妇系统管理率", 85.07, 2, P, "rate")
F("jz", "118266剂次", "预防接种", 118266, 0, "剂次", "count")
F("jz_jk", "100%", "预防接种建卡率", 100, 0, P, "rate")
F("ylm", "90%以上", "一类苗接种率", 90, 0, P, "rate", bound="more_than")
# 2、卫生监督
F("gc_all", "124家", "公共场所有效经营单位", 124, 0, "家", "count")
F("gc_jc", "104家", "公共场所已监督检查", 104, 0, "家", "count")
F("gc_r", "83.9%", "公共场所监督覆盖率", 83.9, 1, P, "rate")
F("ys_r", "100%", "生活饮用水监督覆盖率及合格率", 100, 0, P, "rate")
F("xx", "19家", "中小学校", 19, 0, "家", "count")
F("xx_r", "100%", "学校卫生监督覆盖率", 100, 0, P, "rate")
F("yl_all", "60家", "现有有效医疗机构", 60, 0, "家", "count")
F("yl_jc", "58家", "医疗机构已监督检查", 58, 0, "家", "count")
F("yl_r", "96.7%", "医疗机构监督覆盖率", 96.7, 1, P, "rate")
F("sj", "20家", "双随机抽查单位", 20, 0, "家", "count")
F("sj_claim", "已全部完成", "双随机抽查完成情况", None, None, None, "none")
F("sj_r", "100%", "双随机完成率", 100, 0, P, "rate")
F("wz", "6件", "无证行医案件", 6, 0, "件", "count")
F("wz_fk", "69000元", "无证行医罚款", 69000, 0, "元", "money")
F("wz_ms", "8680元", "没收违法所得", 8680, 0, "元", "money")
F("fws", "2件", "使用非卫生技术人员案件", 2, 0, "件", "count")
F("fws_fk", "10000元", "使用非卫生技术人员罚款", 10000, 0, "元", "money")
# 3、疾控
F("my_done", "18101剂次", "1-11月份接种", 18101, 0, "剂次", "count", period="1-11月份")
F("my_quota", "19800剂次", "全年接种任务", 19800, 0, "剂次", "count")
F("my_rate", "91.42%", "全年接种任务完成进度", 91.42, 2, P, "rate")
F("wm", "90%以上", "基础免疫五苗接种率", 90, 0, P, "rate", bound="more_than")
F("gm", "90%以上", "国家免疫规划疫苗接种率", 90, 0, P, "rate", bound="more_than")
F("bg_js", "99.39%", "传染病报告及时率", 99.39, 2, P, "rate")
F("sh_js", "99.39%", "区级审核及时率", 99.39, 2, P, "rate")
# 4、妇幼儿童
F("et_k", "655本", "儿童服务卡", 655, 0, "本", "count", period="截止11月份")
F("et_fw", "12987人次", "儿童健康管理服务", 12987, 0, "人次", "count")
F("et3", "89.74%", "3岁以下儿童系统管理率", 89.74, 2, P, "rate")
F("et7", "91.16%", "7岁以下儿童保健覆盖率", 91.16, 2, P, "rate")
F("ys_quota", "200人", "农村孕产妇叶酸增补任务数", 200, 0, "人", "count")
F("ys_done", "195人", "叶酸增补完成", 195, 0, "人", "count")
F("ys_ping", "757瓶", "发放叶酸", 757, 0, "瓶", "count")
F("ys_rate", "97.5%", "叶酸增补任务完成率", 97.5, 1, P, "rate")
F("tj", "4795人", "儿童集中体检", 4795, 0, "人", "count")
F("tj_jc", "1030人", "儿童体检疾病检出", 1030, 0, "人", "count")
F("ty", "200多名", "托幼机构工作人员体检", 200, 0, "名", "count", bound="more_than")
# 5、生育
F("cs", "801人", "统计年度出生人数", 801, 0, "人", "count", period="2019统计年度")
F("cs_r", "4.86‰", "出生率", 4.86, 2, PM, "rate")
F("zc_r", "97.5%", "政策符合率", 97.5, 1, P, "rate")
F("dh_r", "65.22%", "多孩政策符合率", 65.22, 2, P, "rate")
F("xbb", "114.17", "出生人口总性别比", 114.17, 2, "", "none")
F("xbb2", "117.65", "二多孩性别比", 117.65, 2, "", "none")
F("lf", "1起", "侦破两非大要案", 1, 0, "起", "count")
# 7、利益导向资金
F("ly_all", "323.172万元", "计生利益导向资金", 3231720, 3, "元", "money", magnitude=10000)
F("ly_1", "173.76万元", "特别扶助金", 1737600, 2, "元", "money", magnitude=10000)
F("ly_2", "23.88万元", "奖励扶助金", 238800, 2, "元", "money", magnitude=10000)
F("ly_3", "23.28万元", "老年护理补贴", 232800, 2, "元", "money", magnitude=10000)
F("ly_4", "16.332万元", "计生家庭奖励制度", 163320, 3, "元", "money", magnitude=10000)
F("ly_5", "49.62万元", "独生子女保健费", 496200, 2, "元", "money", magnitude=10000)
F("ly_6", "32.4万元", "退休职工一次性奖励金", 324000, 1, "元", "money", magnitude=10000)
F("ly_7", "3.9万", "关停并转企业区级配套资金", 39000, 1, "元", "money", magnitude=10000)
F("qh", "246名", "免费取环", 246, 0, "名", "count")
# 9、宣教
F("jz_jt", "50场", "健康讲座", 50, 0, "场", "count")
F("yz", "35场次", "宣传义诊和咨询", 35, 0, "场次", "count")
F("qz", "13000余人", "参与群众", 13000, 0, "人", "count", bound="more_than")
F("xcp", "15000余份", "宣传品", 15000, 0, "份", "count", bound="more_than")
F("zp", "30余块", "宣传展牌", 30, 0, "块", "count", bound="more_than")
# 11、人口健康基金
F("jj", "22万元", "募集人口健康基金", 220000, 0, "元", "money", magnitude=10000)
F("jj_1", "2.56万元", "上报使用基金", 25600, 2, "元", "money", magnitude=10000)
F("jj_xs", "14名", "救助大学新生", 14, 0, "名", "count")
F("jj_2", "4.2万元", "教育成才救助金额", 42000, 1, "元", "money", magnitude=10000)
F("jj_sd", "8户", "失独家庭", 8, 0, "户", "count")
F("jj_3", "2.4万元", "慰藉金", 24000, 1, "元", "money", magnitude=10000)
# 12、婴幼儿照护
F("wb", "五百余位", "需求调查育龄群众", 500, 0, "位", "count", bound="more_than")
F("bm", "14家", "联合部门", 14, 0, "家", "count")
F("ty_zs", "20余名", "托幼班招收婴幼儿", 20, 0, "名", "count", bound="more_than")
F("jz_cj", "四十余名", "参加活动家长", 40, 0, "名", "count", bound="more_than")
F("nd", "16.332万元", "农村独女和两女绝育户奖励", 163320, 3, "元", "money", magnitude=10000, after="两女绝育户的奖励")
# (三) 建设项目
F("zx_mj", "6.55亩", "医疗服务中心占地面积", 6.55, 2, "亩", "units")
F("zx_jz", "3751平方米", "医疗服务中心建筑面积", 3751, 0, "平方米", "units")
F("zx_tz", "1089万元", "医疗服务中心总投资", 10890000, 0, "元", "money", magnitude=10000)
F("xzz_tz", "1.05亿元", "综合楼项目投资", 105000000, 2, "元", "money", magnitude=100000000)
F("xzz_mj", "26218平方米", "综合楼建筑面积", 26218, 0, "平方米", "units")
# (四) 安全生产
F("aq_jg", "51家", "安全检查医疗卫生机构", 51, 0, "家", "count", after="共检查医疗卫生机构")
F("aq_rc", "112人次", "出动检查人员", 112, 0, "人次", "count")
F("aq_zb", "2块", "安全生产展板", 2, 0, "块", "count")
F("aq_xc", "500余份", "安全宣传单", 500, 0, "份", "count", bound="more_than")

Q = d.find
Q("quota_completion", "consistent", "info", ["hj_quota", "hj_done", "hj_rate"],
  ratio("hj_done", "hj_quota", 100, "hj_rate"), "94.13",
  "1506/1600 x 100 = 94.125 exactly, half up at 2 decimals -> 94.13 (banker's rounding would give 94.12)")
Q("quota_completion", "consistent", "info", ["yq_quota", "yq_done", "yq_rate"],
  ratio("yq_done", "yq_quota", 100, "yq_rate"), "96.77",
  "359/371 x 100 = 96.7654... -> 96.77")
Q("quota_completion", "consistent", "info", ["ys_quota", "ys_done", "ys_rate"],
  ratio("ys_done", "ys_quota", 100, "ys_rate"), "97.5",
  "195/200 x 100 = 97.5 exactly")
Q("quota_completion", "consistent", "info", ["my_done", "my_quota", "my_rate"],
  ratio("my_done", "my_quota", 100, "my_rate"), "91.42",
  "18101/19800 x 100 = 91.4192... -> 91.42")
Q("progress", "consistent", "warning", ["my_rate"],
  {"op": "progress", "share": "my_rate", "period_start": "2019-01-01", "period_end": "2019-12-31",
   "as_of": "2019-11-30", "claim": False},
  "time elapsed at 30 Nov: 334/365 = 91.51 % by days, 11/12 = 91.67 % by months; done 91.42 %",
  "1-11月 done share 91.42 % is below the time elapsed (91.51 % by days, 91.67 % by months): "
  "slightly behind schedule; only an unstated convention (a quota not spread evenly over the year) would put it on schedule")
Q("rate_counts", "consistent", "info", ["gc_all", "gc_jc", "gc_r"],
  ratio("gc_jc", "gc_all", 100, "gc_r"), "83.9",
  "104/124 x 100 = 83.8710 -> 83.9 at 1 decimal")
Q("rate_counts", "consistent", "info", ["yl_all", "yl_jc", "yl_r"],
  ratio("yl_jc", "yl_all", 100, "yl_r"), "96.7",
  "58/60 x 100 = 96.6667 -> 96.7")
Q("rate_counts", "consistent", "info", ["ll", "jf", "jf_fg"],
  ratio("jf", "ll", 100, "jf_fg"), "16.6",
  "5799/34903 x 100 = 16.6146 -> 16.6")
Q("exceeds_existing", "consistent", "info", ["gc_all", "gc_jc"],
  {"op": "le", "part": "gc_jc", "whole": "gc_all"}, "104 <= 124",
  "104 public places inspected of the 124 that exist")
Q("exceeds_existing", "consistent", "info", ["yl_all", "aq_jg"],
  {"op": "le", "part": "aq_jg", "whole": "yl_all"}, "51 <= 60",
  "51 medical institutions checked for safety, of the 60 operating ones")
Q("exceeds_existing", "consistent", "info", ["ll", "jf"],
  {"op": "le", "part": "jf", "whole": "ll"}, "5799 <= 34903",
  "5799 insured of 34903 elderly residents")
Q("implied_denominator", "consistent", "info", ["qy_n", "qy_r", "da_n", "da_r", "yc_n", "yc_r", "tnb_n", "tnb_r"],
  {"op": "implied_denominator",
   "pool": [{"count": "qy_n", "rate": "qy_r", "multiplier": 100},
            {"count": "da_n", "rate": "da_r", "multiplier": 100},
            {"count": "yc_n", "rate": "yc_r", "multiplier": 100},
            {"count": "tnb_n", "rate": "tnb_r", "multiplier": 100}],
   "tested": []},
  "resident population in [177995.0, 178015.6]",
  "59902 at [33.645, 33.655) % -> (177988.4, 178041.3]; 153672 at [86.325, 86.335) % -> (177995.0, 178015.6]; "
  "9199 at [4.5, 5.5) % -> (167254.5, 204422.2]; 1909 at [1.065, 1.075) % -> (177581.4, 179248.8]: "
  "all four share about 178,005 residents")
Q("implied_denominator", "inconsistent", "error", ["gxy_n", "gxy_r", "qy_n", "qy_r", "da_n", "da_r", "yc_n", "yc_r", "tnb_n", "tnb_r"],
  {"op": "implied_denominator",
   "pool": [{"count": "qy_n", "rate": "qy_r", "multiplier": 100},
            {"count": "da_n", "rate": "da_r", "multiplier": 100},
            {"count": "yc_n", "rate": "yc_r", "multiplier": 100},
            {"count": "tnb_n", "rate": "tnb_r", "multiplier": 100}],
   "tested": [{"count": "gxy_n", "rate": "gxy_r", "multiplier": 100}]},
  "4084 at [2.15, 2.25) % -> (181511.1, 189953.5]; 4084/178005 = 2.29 %",
  "the other 签约 rates put the population at 177995-178016; 4084 at 2.2 % needs 181511-189953 residents, "
  "and 4084 of ~178,005 is 2.29 %, which prints 2.3 %: no reading makes 4084 and 2.2 % agree with the other 签约 figures")
Q("implied_denominator", "inconsistent", "warning", ["cs", "cs_r", "qy_n", "qy_r", "da_n", "da_r"],
  {"op": "implied_denominator",
   "pool": [{"count": "qy_n", "rate": "qy_r", "multiplier": 100},
            {"count": "da_n", "rate": "da_r", "multiplier": 100}],
   "tested": [{"count": "cs", "rate": "cs_r", "multiplier": 1000}]},
  "801 at [4.855, 4.865) permille -> (164645.4, 164984.6]; 801/178005 = 4.50 permille",
  "801 births at 4.86 ‰ imply about 164,815 people, not the ~178,005 residents of the 签约 figures; "
  "they agree only if the birth rate uses another, unstated base (the statistical year's mean or registered population)")
Q("parts_total", "consistent", "info", ["ly_all", "ly_1", "ly_2", "ly_3", "ly_4", "ly_5", "ly_6", "ly_7"],
  total(["ly_1", "ly_2", "ly_3", "ly_4", "ly_5", "ly_6", "ly_7"], "ly_all"), "323.172万元",
  "173.76 + 23.88 + 23.28 + 16.332 + 49.62 + 32.4 + 3.9 = 323.172 (万元)")
Q("exceeds_existing", "consistent", "info", ["jj", "jj_1", "jj_2", "jj_3"],
  {"op": "le", "part": {"sum": ["jj_1", "jj_2", "jj_3"]}, "whole": "jj"}, "9.16万元 <= 22万元",
  "2.56 + 4.2 + 2.4 = 9.16万元 used of the 22万元 fund raised")
Q("rate_counts", "consistent", "info", ["cs", "xbb"],
  {"op": "split_ratio", "total": "cs", "reported": "xbb", "multiplier": 100}, "427/374 = 114.17",
  "801 births split 427 boys / 374 girls: 427/374 x 100 = 114.171 -> 114.17; an integer split exists")
Q("rate_counts", "consistent", "info", ["cs", "zc_r"],
  {"op": "share_of", "total": "cs", "reported": "zc_r", "multiplier": 100}, "781/801 = 97.50",
  "781 of 801 births within policy: 781/801 x 100 = 97.503 -> 97.5; an integer count exists")
Q("claim", "consistent", "info", ["sj", "sj_claim", "sj_r"],
  {"op": "claim", "share": "sj_r"}, "100 %",
  "已全部完成 beside 完成率100% of the 20 units: the claim and the rate agree")
Q("rate_counts", "cannot_check", "info", ["hj_done", "hj_jl"], None, "implied 1669.9-1670.1",
  "婚检率90.18% has no printed denominator (婚姻登记对象); 1506 at it implies about 1670 registrations")
Q("rate_counts", "cannot_check", "info", ["csz", "csz_rate"], None, "implied 229.9-230.2",
  "办证率96.5% of 222 certificates implies about 230 births in the district's hospitals; no count printed")
Q("quota_completion", "cannot_check", "info", ["jf", "jf_task"], None, "implied quota 12221-12247",
  "5799 at 47.4 % of the task implies a quota of about 12,234; the quota is not printed")
Q("rate_counts", "cannot_check", "info", ["lr_n", "lr_r", "gxy_gl", "gxy_glr", "tnb_gl", "tnb_glr", "jsb_gl", "jsb_glr"], None,
  "implied 21864 / 34782 / 13387 / 801",
  "the management rates' denominators (elderly 65+, hypertensive, diabetic, severe mental illness patients) are not printed")
d.write()
