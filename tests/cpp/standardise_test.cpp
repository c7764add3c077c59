#include <zhibiao/standardise.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using namespace zhibiao;

namespace {

::testing::AssertionResult close(double actual, double expected, double rel = 1e-9) {
  if (std::fabs(actual - expected) <= rel * std::fabs(expected))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << actual << " vs " << expected;
}

// Three areas over the 19 ESP 2013 bands with total counts 895, 91 and 9 — the totals of the
// three areas of PHEindicatormethods' DSR test workbook (testdata_DSR_ISR.xlsx, binary, so its
// band-level data could not be read here; these bands are ours). Expected values are derived
// from the published Dobson formula in tests/reference/derive_intervals.py (standard library
// only): DSR = Σ x w/n / Σ w × 10^5; var = Σ x (w/n)² / (Σ w)²;
// limit = DSR + √(var/X)(Byar(X) − X) × 10^5.
const std::vector<double> xa{2,  1,  1,  2,  3,   4,   6,   9,   14, 20,
                             30, 42, 58, 80, 105, 130, 150, 128, 110};
const std::vector<double> na{5200, 5600, 5800, 5400, 6100, 6300, 6600, 7200, 7100, 6900,
                             7000, 6400, 5900, 5200, 4600, 3500, 2100, 1200, 700};
const std::vector<double> xb{0, 0, 0, 0, 1, 0, 1, 1, 2, 2, 3, 5, 6, 8, 10, 13, 15, 13, 11};
const std::vector<double> nb{1200, 1300, 1250, 1100, 1400, 1500, 1450, 1600, 1550, 1500,
                             1450, 1300, 1200, 1050, 900,  700,  450,  250,  150};
const std::vector<double> xc{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 2, 1, 2, 0};
const std::vector<double> nc{300, 320, 310, 300, 330, 340, 350, 360, 350, 340,
                             330, 300, 280, 250, 210, 160, 100, 60,  30};

std::vector<double> concat(std::initializer_list<const std::vector<double>*> parts) {
  std::vector<double> out;
  for (auto* p : parts) out.insert(out.end(), p->begin(), p->end());
  return out;
}

} // namespace

// Eurostat 2013 (KS-RA-13-028) and PHEindicatormethods' esp2013: 19 bands, total 100,000.
// Ahmad et al. 2001 (GPE Discussion Paper 31) Table 4: 8.86 % for 0-4 ... 0.005 % for 100+,
// which sum to 100.035 % as printed.
TEST(StandardPopulation, PublishedTables) {
  const auto& esp = standard_population("esp2013");
  ASSERT_EQ(esp.weights.size(), 19u);
  EXPECT_EQ(std::accumulate(esp.weights.begin(), esp.weights.end(), 0.0), 100000);
  EXPECT_EQ(esp.weights.front(), 5000);
  EXPECT_EQ(esp.weights[8], 7000);
  EXPECT_EQ(esp.bands.back(), "90+");
  const auto& who = standard_population("who2000");
  ASSERT_EQ(who.weights.size(), 21u);
  EXPECT_EQ(who.weights.front(), 8860);
  EXPECT_EQ(who.weights[16], 910);
  EXPECT_EQ(std::accumulate(who.weights.begin(), who.weights.end(), 0.0), 100035);
  EXPECT_EQ(standard_population("who2000_85").weights.back(), 635);
  EXPECT_THROW(standard_population("china2000"), invalid_input);
}

TEST(Dsr, ThreeAreasWithTotals895_91_9) {
  const auto x = concat({&xa, &xb, &xc}), n = concat({&na, &nb, &nc});
  const auto& w19 = standard_population("esp2013").weights;
  const auto w = concat({&w19, &w19, &w19});
  const std::vector<std::size_t> offsets{0, 19, 38, 57};
  const auto d = directly_standardised(x, n, w, offsets, {.confidence = {0.95, 0.998}});
  EXPECT_EQ(d.total_count[0], 895);
  EXPECT_EQ(d.total_pop[0], 98800);
  EXPECT_TRUE(close(d.value[0], 1036.0734735751091));
  EXPECT_TRUE(close(d.lower(0, 0), 968.8768553370192));
  EXPECT_TRUE(close(d.upper(0, 0), 1106.679627055503));
  EXPECT_TRUE(close(d.lower(0, 1), 931.680613692101));
  EXPECT_TRUE(close(d.upper(0, 1), 1148.3303033866093));
  EXPECT_TRUE(close(d.value[1], 507.40452133764137));
  EXPECT_TRUE(close(d.lower(1, 0), 407.99424742812));
  EXPECT_TRUE(close(d.upper(1, 1), 695.3522662643283));
  // Area C: 9 events, below PHE's threshold of 10: no value, no interval, and the reason.
  EXPECT_EQ(d.total_count[2], 9);
  EXPECT_EQ(d.status[2], GroupStatus::too_few_events);
  EXPECT_TRUE(std::isnan(d.value[2]) && std::isnan(d.lower(2, 0)));
  EXPECT_EQ(describe(GroupStatus::too_few_events), "not computed: total count below 10");
}

// Non-independent events: area A's events split into persons with one event (p1) and persons
// with two (p2), events = p1 + 2 p2 per band; the variance is Σ_f f² Σ p_f (w/n)² / (Σ w)²
// (derive_intervals.py): same value as the independent DSR, a wider interval.
TEST(Dsr, NonIndependentEventsWidenTheInterval) {
  std::vector<double> persons, n, w, freq, band;
  const auto& w19 = standard_population("esp2013").weights;
  for (int f = 1; f <= 2; ++f)
    for (int i = 0; i < 19; ++i) {
      const double p2 = std::floor(xa[i] / 4);
      persons.push_back(f == 1 ? xa[i] - 2 * p2 : p2);
      n.push_back(na[i]);
      w.push_back(w19[i]);
      freq.push_back(f);
      band.push_back(i);
    }
  const auto d = directly_standardised(persons, n, w, {}, {}, freq, band);
  EXPECT_EQ(d.total_count[0], 895);
  EXPECT_EQ(d.total_pop[0], 98800);
  EXPECT_TRUE(close(d.value[0], 1036.0734735751091));
  EXPECT_TRUE(close(d.lower(0, 0), 954.1183470399999));
  EXPECT_TRUE(close(d.upper(0, 0), 1122.1869774145475));
  // A band whose rows disagree on n is an error naming the row.
  n[20] += 1;
  try {
    directly_standardised(persons, n, w, {}, {}, freq, band);
    FAIL();
  } catch (const invalid_rows& e) {
    EXPECT_EQ(e.rows()[0].row, 20u);
    EXPECT_EQ(e.rows()[0].field, "ageband");
  }
}

// Dobson's interval against published worked examples computed by others (not this formula
// typed again). Inputs and outputs: PHEindicatormethods tests/testthat/testdata_DSR_ISR.xlsx,
// sheet testdata_multiarea (areas testdata_big and testdata_small: count, pop per ESP 2013 band;
// the sheet's band "55-69" is a typo for 55-59) and sheet testresults_DSR (dsr per 100000,
// rows 6–7: value, lower95_0cl, upper95_0cl, lower99_8cl, upper99_8cl). The small area is also
// the worked example of APHO's Excel tool "Commonly used public health statistics and their
// confidence intervals" (accompanying APHO Technical Briefing 3, Eayres 2008; updated 2014),
// sheet Direct Standardisation, whose Excel formulas give DSR (B32) 1103.212025300104 and 95 %
// limits (C32, D32) 877.45576753670912, 1367.0882227251795, with the ESP 2013 weights of its
// column E; kept as tests/testthat/"APHO Tool for common PH Stats and CIs_adapted.xlsx"
// (PHEindicatormethods commit 51714e0).
TEST(Dsr, MatchesPublishedWorkedExamples) {
  const std::vector<double> esp{5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
                                7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000};
  EXPECT_EQ(standard_population("esp2013").weights, esp);
  const std::vector<double> pop{636, 558, 609, 543, 384, 594, 669, 843, 660, 576,
                                606, 522, 426, 273, 300, 288, 153, 123, 207};
  const std::vector<double> big{127, 25, 18, 21, 12, 27, 48, 27, 29, 32,
                                32,  34, 45, 65, 38, 68, 74, 82, 91};
  const std::vector<double> small{12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4};
  const auto x = concat({&big, &small}), n = concat({&pop, &pop});
  const std::vector<std::size_t> offsets{0, 19, 38};
  const auto d = directly_standardised(x, n, esp, offsets, {.confidence = {0.95, 0.998}});
  EXPECT_EQ(d.total_count[0], 895);
  EXPECT_EQ(d.total_pop[0], 8970);
  EXPECT_TRUE(close(d.value[0], 10430.247991469423));
  EXPECT_TRUE(close(d.lower(0, 0), 9717.709067985681));
  EXPECT_TRUE(close(d.upper(0, 0), 11178.94091547925));
  EXPECT_TRUE(close(d.lower(0, 1), 9323.2878802199029));
  EXPECT_TRUE(close(d.upper(0, 1), 11620.595999522058));
  EXPECT_EQ(d.total_count[1], 91);
  EXPECT_TRUE(close(d.value[1], 1103.212025300104));
  EXPECT_TRUE(close(d.lower(1, 0), 877.45576753670912));
  EXPECT_TRUE(close(d.upper(1, 0), 1367.0882227251795));
  EXPECT_TRUE(close(d.lower(1, 1), 763.64203579398793));
  EXPECT_TRUE(close(d.upper(1, 1), 1530.0328948244762));
}

// Non-independent events, PHE's published test data: the same workbook, sheet
// testdata_nonindepe (area testdata_nonind_big: persons with f = 1, 2, 3, 4 events per band,
// columns f1–f4), expected in testresults_DSR row 10 (printed to 8 decimals).
TEST(Dsr, NonIndependentEventsMatchPublishedTestData) {
  const double f[19][4] = {{75, 16, 4, 2}, {16, 3, 1, 0},  {11, 2, 1, 0}, {12, 3, 1, 0},
                           {8, 0, 0, 1},   {18, 3, 1, 0},  {26, 6, 2, 1}, {18, 3, 1, 0},
                           {18, 4, 1, 0},  {21, 4, 1, 0},  {21, 4, 1, 0}, {23, 4, 1, 0},
                           {23, 6, 2, 1},  {39, 8, 2, 1},  {25, 5, 1, 0}, {40, 9, 2, 1},
                           {46, 9, 2, 1},  {49, 10, 3, 1}, {56, 11, 3, 1}};
  const std::vector<double> pop{636, 558, 609, 543, 384, 594, 669, 843, 660, 576,
                                606, 522, 426, 273, 300, 288, 153, 123, 207};
  const auto& esp = standard_population("esp2013").weights;
  std::vector<double> persons, n, w, freq, band;
  for (int i = 0; i < 19; ++i)
    for (int k = 0; k < 4; ++k) {
      persons.push_back(f[i][k]);
      n.push_back(pop[i]);
      w.push_back(esp[i]);
      freq.push_back(k + 1);
      band.push_back(i);
    }
  const auto d =
      directly_standardised(persons, n, w, {}, {.confidence = {0.95, 0.998}}, freq, band);
  EXPECT_EQ(d.total_count[0], 895);
  EXPECT_TRUE(close(d.value[0], 10430.24799147, 1e-11));
  EXPECT_TRUE(close(d.lower(0, 0), 9532.94977862, 1e-11));
  EXPECT_TRUE(close(d.upper(0, 0), 11373.07483298, 1e-11));
  EXPECT_TRUE(close(d.lower(0, 1), 9036.25631357, 1e-11));
  EXPECT_TRUE(close(d.upper(0, 1), 11929.24980749, 1e-11));
}

TEST(Dsr, BadRowsAreListedOrMarkedPerGroup) {
  std::vector<double> x{5, NAN, 3, 20}, n{100, 100, 0, 100}, w{1, 1, 1, 1};
  const std::vector<std::size_t> offsets{0, 3, 4};
  try {
    directly_standardised(x, n, w, offsets);
    FAIL();
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 2u);
    EXPECT_EQ(e.rows()[0].field, "x");
    EXPECT_EQ(e.rows()[1].field, "n");
  }
  const auto d = directly_standardised(x, n, w, offsets, {.on_bad_rows = OnBadRows::mark});
  EXPECT_EQ(d.status[0], GroupStatus::bad_input);
  EXPECT_EQ(d.status[1], GroupStatus::ok);
  EXPECT_TRUE(close(d.value[1], 20000));
  EXPECT_THROW(directly_standardised(x, n, std::vector<double>{1, 1}), invalid_input);
  const std::vector<std::size_t> bad_offsets{0, 5};
  EXPECT_THROW(directly_standardised(x, n, w, bad_offsets), invalid_input);
}

// Indirect standardisation of areas B and C against area A's band rates (derive_intervals.py):
// E = Σ n × x_ref/n_ref; B: O = 91 ≥ 10 → Byar's; C: O = 9 < 10 → exact (PHE's rule).
TEST(Indirect, RatioAndRateOfTwoAreas) {
  const auto x = concat({&xb, &xc}), n = concat({&nb, &nc});
  const auto xr = concat({&xa, &xa}), nr = concat({&na, &na});
  const std::vector<std::size_t> offsets{0, 19, 38};
  const auto r = indirectly_standardised(IndirectKind::ratio, x, n, xr, nr, offsets);
  EXPECT_EQ(r.total_count[0], 91);
  EXPECT_TRUE(close(r.total_pop[0], 185.30028012276563));
  EXPECT_TRUE(close(r.value[0], 0.49109477837653803));
  EXPECT_TRUE(close(r.lower(0, 0), 0.3953881197479686));
  EXPECT_TRUE(close(r.upper(0, 0), 0.6029619283610803));
  EXPECT_EQ(r.method[0], CountMethod::byar);
  EXPECT_TRUE(close(r.value[1], 0.21360271927976887));
  EXPECT_TRUE(close(r.lower(1, 0), 0.09767276493897953));
  EXPECT_TRUE(close(r.upper(1, 0), 0.4054844972870572));
  EXPECT_EQ(r.method[1], CountMethod::exact);
  const auto smr100 =
      indirectly_standardised(IndirectKind::ratio, x, n, xr, nr, offsets, {0.95}, 100);
  EXPECT_TRUE(close(smr100.value[0], 49.109477837653803));
  const auto rate =
      indirectly_standardised(IndirectKind::rate, x, n, xr, nr, offsets, {0.95}, 100000);
  EXPECT_TRUE(close(rate.value[0], 444.86824559413117));
  EXPECT_TRUE(close(rate.lower(0, 0), 358.1704121198704));
  EXPECT_TRUE(close(rate.upper(1, 0), 367.316422137567));
}

// Indirect standardisation against PHE's published test data (not derive_intervals.py again):
// PHEindicatormethods tests/testthat/testdata_DSR_ISR.xlsx, sheet testdata_multiarea_isr (count,
// pop, refcount, refpop per band of areas testdata_big, _small, _tiny) and sheet testresults_ISR
// rows 2–4 (rate per 100000) and 8–10 (ratio × 1): expected 835.88356123117433 for every area,
// Byar's for 895 and 91 events, exact for 9. The workbook leaves the tiny area's 10–14 band
// blank; that band's reference count is 0, so its population cannot enter E: given as 0 events.
TEST(Indirect, MatchesPublishedTestData) {
  const std::vector<double> pop{636, 558, 609, 543, 384, 594, 669, 843, 660, 576,
                                606, 522, 426, 273, 300, 288, 153, 123, 207};
  const std::vector<double> refcount{10303, 2824, 0,    3615, 3641, 3490, 3789, 3213, 3031, 2771,
                                     3089,  3490, 3595, 4745, 5514, 7125, 5694, 6210, 5757};
  const std::vector<double> refpop{50520, 57173, 60213, 54659, 44345, 50128, 62163,
                                   67423, 62899, 55463, 60479, 49974, 44140, 40888,
                                   37239, 30819, 18136, 15325, 13918};
  const std::vector<double> big{127, 25, 18, 21, 12, 27, 48, 27, 29, 32,
                                32,  34, 45, 65, 38, 68, 74, 82, 91};
  const std::vector<double> small{12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4};
  const std::vector<double> tiny{0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3};
  const auto x = concat({&big, &small, &tiny}), n = concat({&pop, &pop, &pop});
  const auto xr = concat({&refcount, &refcount, &refcount});
  const auto nr = concat({&refpop, &refpop, &refpop});
  const std::vector<std::size_t> offsets{0, 19, 38, 57};
  const auto r =
      indirectly_standardised(IndirectKind::ratio, x, n, xr, nr, offsets, {0.95, 0.998}, 1);
  const double expected[3][5] = {{1.0707232939020275, 1.0017147712553987, 1.1432332872498949,
                                  0.96351556196144372, 1.1860070415876287},
                                 {0.10886683770400503, 8.765040101829405E-2, 0.13366576328418911,
                                  7.6954255283921108E-2, 0.14897920510466744},
                                 {1.0767049882813684E-2, 4.9233808250957762E-3,
                                  2.043921455549973E-2, 2.9339306550682617E-3,
                                  2.7105896514690211E-2}};
  for (Eigen::Index g = 0; g < 3; ++g) {
    EXPECT_TRUE(close(r.total_pop[g], 835.88356123117433)) << g;
    EXPECT_TRUE(close(r.value[g], expected[g][0])) << g;
    EXPECT_TRUE(close(r.lower(g, 0), expected[g][1])) << g;
    EXPECT_TRUE(close(r.upper(g, 0), expected[g][2])) << g;
    EXPECT_TRUE(close(r.lower(g, 1), expected[g][3])) << g;
    EXPECT_TRUE(close(r.upper(g, 1), expected[g][4])) << g;
  }
  EXPECT_EQ(r.method[1], CountMethod::byar);
  EXPECT_EQ(r.method[2], CountMethod::exact);
  const auto rate =
      indirectly_standardised(IndirectKind::rate, x, n, xr, nr, offsets, {0.95, 0.998}, 100000);
  EXPECT_TRUE(close(rate.value[0], 10011.137622091057));
  EXPECT_TRUE(close(rate.lower(0, 0), 9365.91600297888));
  EXPECT_TRUE(close(rate.upper(0, 1), 11089.02718538338));
  EXPECT_TRUE(close(rate.value[1], 1017.8922051511577));
  EXPECT_TRUE(close(rate.lower(1, 1), 719.51329035282447));
  EXPECT_TRUE(close(rate.upper(2, 0), 191.10426659054028));
}

// The standard given once (19 weights) instead of per row: the same numbers as the per-row
// weights of ThreeAreasWithTotals895_91_9, bit for bit. Repeated over 30,000 areas, which the
// kernel splits across threads (groups of 4,096 and more), every area equals the one-area
// result, and a bad row in area 20,000 is named by its row.
TEST(Dsr, StandardGivenPerBandEqualsPerRowWeights) {
  const auto x = concat({&xa, &xb, &xc}), n = concat({&na, &nb, &nc});
  const auto& w19 = standard_population("esp2013").weights;
  const auto w = concat({&w19, &w19, &w19});
  const std::vector<std::size_t> offsets{0, 19, 38, 57};
  const auto per_row = directly_standardised(x, n, w, offsets);
  const auto per_band = directly_standardised(x, n, w19, offsets);
  for (Eigen::Index g = 0; g < 2; ++g) {
    EXPECT_EQ(per_band.value[g], per_row.value[g]);
    EXPECT_EQ(per_band.lower(g, 0), per_row.lower(g, 0));
    EXPECT_EQ(per_band.upper(g, 0), per_row.upper(g, 0));
  }
  EXPECT_EQ(per_band.status[2], GroupStatus::too_few_events);
  // Groups of unequal size cannot take a per-band standard: a length error naming stdpop.
  const std::vector<std::size_t> uneven{0, 19, 57};
  EXPECT_THROW(directly_standardised(x, n, w19, uneven), invalid_input);

  constexpr std::size_t areas = 30'000;
  std::vector<double> many_x, many_n;
  std::vector<std::size_t> many_offsets{0};
  for (std::size_t a = 0; a < areas; ++a) {
    many_x.insert(many_x.end(), xa.begin(), xa.end());
    many_n.insert(many_n.end(), na.begin(), na.end());
    many_offsets.push_back(many_x.size());
  }
  many_n[20'000 * 19 + 3] = 0;
  const auto many =
      directly_standardised(many_x, many_n, w19, many_offsets, {.on_bad_rows = OnBadRows::mark});
  const auto one = directly_standardised(xa, na, w19);
  ASSERT_EQ(many.errors.size(), 1u);
  EXPECT_EQ(many.errors[0].row, 20'000u * 19 + 3);
  EXPECT_EQ(many.errors[0].field, "n");
  for (std::size_t a = 0; a < areas; a += 997) {
    if (a == 20'000) continue;
    EXPECT_EQ(many.value[static_cast<Eigen::Index>(a)], one.value[0]);
    EXPECT_EQ(many.upper(static_cast<Eigen::Index>(a), 0), one.upper(0, 0));
  }
  EXPECT_EQ(many.status[20'000], GroupStatus::bad_input);
}

// --- issue 14 class 6: a standard matched by band label, never by row position ------------------

namespace {

// The 19 ESP 2013 bands as a data file might spell them (en dash, 岁, full-width digits):
// each reads as the standard's band by parse_age_band.
const std::vector<std::string> spelled{"0–4",   "5-9",   "10~14",     "15至19岁",  "20-24",
                                       "25-29", "30-34", "35-39",     "40-44",     "45-49",
                                       "50-54", "55-59", "60-64",     "65-69",     "70-74",
                                       "75-79", "80-84", "８５-８９", "90岁及以上"};

// Areas A, B, C with their rows in `order` within each area; labels given once (the dictionary)
// and each row's code.
struct Labelled {
  std::vector<double> x, n;
  std::vector<std::int64_t> codes;
  std::vector<std::size_t> offsets{0};
};
Labelled labelled(const std::vector<std::size_t>& order) {
  Labelled d;
  for (const auto* area : {&xa, &xb, &xc}) {
    const auto& pop = area == &xa ? na : area == &xb ? nb : nc;
    for (std::size_t b : order) {
      d.x.push_back((*area)[b]);
      d.n.push_back(pop[b]);
      d.codes.push_back(static_cast<std::int64_t>(b));
    }
    d.offsets.push_back(d.x.size());
  }
  return d;
}

} // namespace

// Today's main matched a built-in standard's weights to the rows by position: rows sorted by
// their label text ("0-4", "10-14", "15-19", ..., "5-9", ...) got other bands' weights and a
// wrong DSR with status ok. By label, every order of the rows gives the numbers of
// ThreeAreasWithTotals895_91_9 (derive_intervals.py), bit for bit.
TEST(DsrByLabel, AnyRowOrderGivesTheSameBits) {
  std::vector<std::size_t> order(19);
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto& esp = standard_population("esp2013");
  const Labelled sorted = labelled(order);
  const auto ref = directly_standardised(sorted.x, sorted.n, esp, {spelled, sorted.codes},
                                         sorted.offsets, {.confidence = {0.95, 0.998}});
  EXPECT_TRUE(close(ref.value[0], 1036.0734735751091));
  EXPECT_TRUE(close(ref.lower(0, 0), 968.8768553370192));
  EXPECT_TRUE(close(ref.upper(1, 1), 695.3522662643283));
  EXPECT_EQ(ref.status[2], GroupStatus::too_few_events);
  std::mt19937 rng(14);
  for (int trial = 0; trial < 50; ++trial) {
    std::shuffle(order.begin(), order.end(), rng);
    const Labelled d = labelled(order);
    const auto r = directly_standardised(d.x, d.n, esp, {spelled, d.codes}, d.offsets,
                                         {.confidence = {0.95, 0.998}});
    for (Eigen::Index g = 0; g < 3; ++g) {
      EXPECT_EQ(r.status[g], ref.status[g]);
      EXPECT_EQ(r.total_count[g], ref.total_count[g]);
      EXPECT_EQ(r.total_pop[g], ref.total_pop[g]);
      if (g == 2) continue; // no value below 10 events
      EXPECT_EQ(r.value[g], ref.value[g]);
      for (Eigen::Index k = 0; k < 2; ++k) {
        EXPECT_EQ(r.lower(g, k), ref.lower(g, k));
        EXPECT_EQ(r.upper(g, k), ref.upper(g, k));
      }
    }
  }
}

// The codes at the width pandas stores them (int8 for a categorical of up to 127 labels) give
// the numbers of int64 codes, bit for bit: in the standard's order (the repeated-pattern check),
// with two rows swapped (the check must see it; the rows are then placed by label), with a band
// spelled two ways (the pattern check declines, the general check accepts) and with a missing
// code (a row error naming row 40).
template <class Code>
std::vector<Code> narrowed(const std::vector<std::int64_t>& codes) {
  return {codes.begin(), codes.end()};
}

TEST(DsrByLabel, CodesOfEveryWidthGiveTheBitsOfInt64Codes) {
  std::vector<std::size_t> order(19);
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto& esp = standard_population("esp2013");
  const Labelled sorted = labelled(order);
  const auto ref = directly_standardised(sorted.x, sorted.n, esp, {spelled, sorted.codes},
                                         sorted.offsets, {.confidence = {0.95}});
  ASSERT_TRUE(close(ref.value[0], 1036.0734735751091)); // ThreeAreasWithTotals895_91_9
  const auto same_bits = [&](const StandardisedArray& r) {
    for (Eigen::Index g = 0; g < 2; ++g) {
      EXPECT_EQ(r.value[g], ref.value[g]);
      EXPECT_EQ(r.lower(g, 0), ref.lower(g, 0));
      EXPECT_EQ(r.upper(g, 0), ref.upper(g, 0));
    }
    EXPECT_EQ(r.status[2], GroupStatus::too_few_events);
  };
  const auto each_width = [&](const Labelled& d, const std::vector<std::string>& labels,
                              auto&& check) {
    check(directly_standardised(d.x, d.n, esp, {labels, narrowed<std::int8_t>(d.codes)}, d.offsets,
                                {.confidence = {0.95}}));
    check(directly_standardised(d.x, d.n, esp, {labels, narrowed<std::int16_t>(d.codes)}, d.offsets,
                                {.confidence = {0.95}}));
    check(directly_standardised(d.x, d.n, esp, {labels, narrowed<std::int32_t>(d.codes)}, d.offsets,
                                {.confidence = {0.95}}));
    check(
        directly_standardised(d.x, d.n, esp, {labels, d.codes}, d.offsets, {.confidence = {0.95}}));
  };
  each_width(sorted, spelled, same_bits);
  // Area A's rows of 0-4 and 5-9 swapped, with their codes.
  std::vector<std::size_t> swapped = order;
  std::swap(swapped[0], swapped[1]);
  Labelled d = labelled(order);
  const Labelled s = labelled(swapped);
  for (std::size_t i = 0; i < 19; ++i) {
    d.x[i] = s.x[i];
    d.n[i] = s.n[i];
    d.codes[i] = s.codes[i];
  }
  each_width(d, spelled, same_bits);
  // 0-4 spelled a second way (code 19) on area B's first row.
  auto two_spellings = spelled;
  two_spellings.push_back("0-4");
  d = labelled(order);
  d.codes[19] = 19;
  each_width(d, two_spellings, same_bits);
  // A missing code in the sorted layout.
  d = labelled(order);
  d.codes[40] = -1;
  try {
    directly_standardised(d.x, d.n, esp, {spelled, narrowed<std::int8_t>(d.codes)}, d.offsets);
    ADD_FAILURE() << "no error raised";
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 1u);
    EXPECT_EQ(e.rows()[0].row, 40u);
    EXPECT_THAT(e.rows()[0].message, ::testing::HasSubstr("is missing"));
  }
}

TEST(DsrByLabel, NonIndependentEventsAreMatchedByLabelToo) {
  // NonIndependentEventsWidenTheInterval's rows, reversed: the same value and limits.
  std::vector<double> persons, n, freq;
  std::vector<std::int64_t> codes;
  for (int f = 2; f >= 1; --f)
    for (int i = 18; i >= 0; --i) {
      const double p2 = std::floor(xa[static_cast<std::size_t>(i)] / 4);
      persons.push_back(f == 1 ? xa[static_cast<std::size_t>(i)] - 2 * p2 : p2);
      n.push_back(na[static_cast<std::size_t>(i)]);
      freq.push_back(f);
      codes.push_back(i);
    }
  const auto d = directly_standardised(persons, n, standard_population("esp2013"), {spelled, codes},
                                       {}, {}, freq);
  EXPECT_EQ(d.total_count[0], 895);
  EXPECT_TRUE(close(d.value[0], 1036.0734735751091));
  EXPECT_TRUE(close(d.lower(0, 0), 954.1183470399999));
  EXPECT_TRUE(close(d.upper(0, 0), 1122.1869774145475));
}

// Unknown, missing, repeated and coarser bands are row errors naming the row and the label; with
// OnBadRows::mark the other groups are computed.
TEST(DsrByLabel, BadBandsAreNamed) {
  std::vector<std::size_t> order(19);
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto& esp = standard_population("esp2013");
  const auto rows_of = [&](const Labelled& d, const std::vector<std::string>& labels) {
    try {
      directly_standardised(d.x, d.n, esp, {labels, d.codes}, d.offsets);
    } catch (const invalid_rows& e) {
      return e.rows();
    }
    return std::vector<row_error>{};
  };
  // A label that is no band: row 2 (area A's third row).
  auto labels = spelled;
  labels[2] = "total";
  auto errors = rows_of(labelled(order), labels);
  ASSERT_EQ(errors.size(), 3u); // the label, in each of the three areas
  EXPECT_EQ(errors[0].row, 2u);
  EXPECT_EQ(errors[0].field, "ageband");
  EXPECT_THAT(errors[0].message, ::testing::HasSubstr("'total' is not an age band"));
  // A coarser banding: 85+ where the standard has 85-89 and 90+.
  labels = spelled;
  labels[17] = "85+";
  Labelled d = labelled(std::vector<std::size_t>(order.begin(), order.end() - 1));
  errors = rows_of(d, labels);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].row, 17u);
  EXPECT_THAT(errors[0].message, ::testing::HasSubstr("coarser"));
  EXPECT_THAT(errors[0].message, ::testing::HasSubstr("85-89, 90+"));
  // A repeated band and a missing one: area B lists 5-9 twice and lacks 0-4.
  d = labelled(order);
  d.codes[19] = 1;
  errors = rows_of(d, spelled);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].row, 19u);
  EXPECT_THAT(errors[0].message, ::testing::HasSubstr("no row for band 0-4"));
  EXPECT_THAT(errors[1].message, ::testing::HasSubstr("'5-9' appears twice"));
  // A missing label; marked, areas A and B are still computed.
  d = labelled(order);
  d.codes[40] = -1;
  const auto r = directly_standardised(d.x, d.n, esp, {spelled, d.codes}, d.offsets,
                                       {.on_bad_rows = OnBadRows::mark});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].row, 40u);
  EXPECT_THAT(r.errors[0].message, ::testing::HasSubstr("is missing"));
  EXPECT_TRUE(close(r.value[0], 1036.0734735751091));
  EXPECT_EQ(r.status[2], GroupStatus::bad_input);
}

// A standard whose weights sum to 0 (or are negative or NaN) is an error, not a NaN DSR with
// status ok (today's main returned NaN, status 0).
TEST(Dsr, AStandardOfZerosIsAnError) {
  const std::vector<double> zeros(19, 0.0);
  EXPECT_THROW(directly_standardised(xa, na, zeros), invalid_input);
  // Per-row weights that sum to 0 in one group: that group is bad, listed at its first row.
  const auto x = concat({&xa, &xb}), n = concat({&na, &nb});
  const auto& w19 = standard_population("esp2013").weights;
  const auto w = concat({&w19, &zeros});
  const std::vector<std::size_t> offsets{0, 19, 38};
  try {
    directly_standardised(x, n, w, offsets);
    FAIL() << "weights summing to 0 were accepted";
  } catch (const invalid_rows& e) {
    ASSERT_EQ(e.rows().size(), 1u);
    EXPECT_EQ(e.rows()[0].row, 19u);
    EXPECT_EQ(e.rows()[0].field, "stdpop");
  }
  const std::vector<std::string> two{"0-49", "50+"};
  EXPECT_THROW(make_standard_population("mine", two, std::vector<double>{0, 0}), invalid_input);
  EXPECT_THROW(make_standard_population("mine", two, std::vector<double>{1, -1}), invalid_input);
  EXPECT_THROW(make_standard_population("mine", two, std::vector<double>{1, NAN}), invalid_input);
  EXPECT_THROW(make_standard_population("mine", std::vector<std::string>{"0-49", "40+"},
                                        std::vector<double>{1, 1}),
               invalid_input); // overlapping bands
  const auto mine = make_standard_population("mine", two, std::vector<double>{3, 1});
  EXPECT_EQ(mine.age_bands[1], (AgeBand{50, std::numeric_limits<double>::infinity()}));
}

// --- issue 14 class 10: PHE's missing counts and observed totals --------------------------------

// PHEindicatormethods' calculate_dsr replaces a missing count by 0 (na.zero) before summing. Area
// A with its 0-4 count missing: zhibiao's default refuses the row; MissingCounts::zero gives the
// DSR of area A with 0 deaths at 0-4. Hand calculation: area A's DSR less band 0-4's term
// 2 × 5000 / 5200 / 100000 × 100000 = 1.9230769230769231, so 1036.0734735751091 − 1.923076923 =
// 1034.1503966520322; total count 893.
TEST(Dsr, MissingCountsZeroGivesPhesNumbers) {
  auto x = xa;
  x[0] = NAN;
  const auto& w19 = standard_population("esp2013").weights;
  EXPECT_THROW(directly_standardised(x, na, w19), invalid_rows);
  const auto d = directly_standardised(x, na, w19, {}, {.missing_counts = MissingCounts::zero});
  EXPECT_EQ(d.total_count[0], 893);
  EXPECT_TRUE(close(d.value[0], 1036.0734735751091 - 2.0 * 5000 / 5200, 1e-12));
  auto x0 = xa;
  x0[0] = 0;
  const auto same = directly_standardised(x0, na, w19);
  EXPECT_EQ(d.value[0], same.value[0]);
  EXPECT_EQ(d.upper(0, 0), same.upper(0, 0));
}

// PHEindicatormethods' calculate_ISRatio(observed_totals = ...): one observed count per group
// instead of per-band counts. Areas B and C of RatioAndRateOfTwoAreas with their totals 91 and 9
// (Σ of their bands) give the same SMRs: 0.49109477837653803 and 0.21360271927976887.
TEST(Indirect, ObservedTotalsInsteadOfBandCounts) {
  const auto n = concat({&nb, &nc});
  const auto xr = concat({&xa, &xa}), nr = concat({&na, &na});
  const std::vector<std::size_t> offsets{0, 19, 38};
  const std::vector<double> totals{91, 9};
  const auto r =
      indirectly_standardised(IndirectKind::ratio, {}, n, xr, nr, offsets, {0.95}, 1,
                              OnBadRows::raise, CountMethod::phe, MissingCounts::error, totals);
  EXPECT_EQ(r.total_count[0], 91);
  EXPECT_TRUE(close(r.value[0], 0.49109477837653803));
  EXPECT_TRUE(close(r.upper(0, 0), 0.6029619283610803));
  EXPECT_TRUE(close(r.value[1], 0.21360271927976887));
  EXPECT_EQ(r.method[1], CountMethod::exact);
  // A missing total is an error naming its group, or 0 under PHE's rule.
  const std::vector<double> gap{91, NAN};
  try {
    indirectly_standardised(IndirectKind::ratio, {}, n, xr, nr, offsets, {0.95}, 1,
                            OnBadRows::raise, CountMethod::phe, MissingCounts::error, gap);
    FAIL();
  } catch (const invalid_rows& e) {
    EXPECT_EQ(e.rows()[0].row, 1u);
    EXPECT_EQ(e.rows()[0].field, "observed_totals");
  }
  const auto z =
      indirectly_standardised(IndirectKind::ratio, {}, n, xr, nr, offsets, {0.95}, 1,
                              OnBadRows::raise, CountMethod::phe, MissingCounts::zero, gap);
  EXPECT_EQ(z.value[1], 0);
  // Both per-band counts and totals: refused; one total per group.
  const auto x = concat({&xb, &xc});
  EXPECT_THROW(indirectly_standardised(IndirectKind::ratio, x, n, xr, nr, offsets, {0.95}, 1,
                                       OnBadRows::raise, CountMethod::phe, MissingCounts::error,
                                       totals),
               invalid_input);
  EXPECT_THROW(indirectly_standardised(IndirectKind::ratio, {}, n, xr, nr, offsets, {0.95}, 1,
                                       OnBadRows::raise, CountMethod::phe, MissingCounts::error,
                                       std::vector<double>{91}),
               invalid_input);
}

// calculate_ISRatio's na.zero on the reference counts: a missing x_ref counts 0 under
// MissingCounts::zero (hand calculation: area B against area A's rates with band 0-4's reference
// count 0 instead of 2 loses 1200 × 2 / 5200 = 0.46153846153846156 expected deaths).
TEST(Indirect, MissingCountsZeroInIndirectStandardisation) {
  auto xr = xa;
  xr[0] = NAN;
  EXPECT_THROW(indirectly_standardised(IndirectKind::ratio, xb, nb, xr, na), invalid_rows);
  const auto r = indirectly_standardised(IndirectKind::ratio, xb, nb, xr, na, {}, {0.95}, 1,
                                         OnBadRows::raise, CountMethod::phe, MissingCounts::zero);
  EXPECT_TRUE(close(r.total_pop[0], 185.30028012276563 - 1200.0 * 2 / 5200, 1e-12));
}

// --- result storage (issue 21, items 1 and 6) ---------------------------------------------------

// The result owns no Eigen storage: columns are zhibiao::Column, limit blocks zhibiao::Matrix,
// statuses and methods typed (one byte each: the codes Python sees are unchanged).
static_assert(std::is_same_v<decltype(StandardisedArray::total_count), Column<double>>);
static_assert(std::is_same_v<decltype(StandardisedArray::total_pop), Column<double>>);
static_assert(std::is_same_v<decltype(StandardisedArray::value), Column<double>>);
static_assert(std::is_same_v<decltype(StandardisedArray::lower), Matrix<double>>);
static_assert(std::is_same_v<decltype(StandardisedArray::upper), Matrix<double>>);
static_assert(std::is_same_v<decltype(StandardisedArray::status), Column<GroupStatus>>);
static_assert(std::is_same_v<decltype(StandardisedArray::method), Column<CountMethod>>);
static_assert(sizeof(GroupStatus) == 1 && sizeof(CountMethod) == 1);

// The inputs are std::span: a std::vector and a zhibiao::Column (a previous result, say) give
// the same numbers bit for bit, here those of Dsr.ThreeAreasWithTotals895_91_9 (area A 1036.07…
// per 100,000; area C too few events) and Indirect.RatioAndRateOfTwoAreas (SMR 0.4910…, Byar's).
// An Eigen array is passed as std::span(a.data(), a.size()).
TEST(Overloads, VectorColumnAndEigenInputsGiveTheSameResults) {
  const auto x = concat({&xa, &xb, &xc}), n = concat({&na, &nb, &nc});
  const auto& w19 = standard_population("esp2013").weights;
  const std::vector<std::size_t> offsets{0, 19, 38, 57};
  const StandardiseOptions options{.confidence = {0.95, 0.998}};
  const StandardisedArray v = directly_standardised(x, n, w19, offsets, options);
  const StandardisedArray c =
      directly_standardised(Column<double>(x), Column<double>(n), Column<double>(w19),
                            Column<std::size_t>(offsets), options);
  const Eigen::ArrayXd xe = Eigen::Map<const Eigen::ArrayXd>(x.data(), 57),
                       ne = Eigen::Map<const Eigen::ArrayXd>(n.data(), 57);
  const StandardisedArray e = directly_standardised(
      std::span(xe.data(), 57), std::span(ne.data(), 57), w19, offsets, options);
  EXPECT_TRUE(close(v.value[0], 1036.0734735751091));
  EXPECT_EQ(v.status[2], GroupStatus::too_few_events);
  EXPECT_EQ(v.status.codes()[2], 1); // as Python sees it
  EXPECT_EQ(v.lower.rows(), 3u);
  EXPECT_EQ(v.lower.cols(), 2u);
  EXPECT_TRUE(v.method.empty()); // a DSR has no count method
  for (const StandardisedArray* r : {&c, &e}) {
    EXPECT_EQ(r->total_count, v.total_count);
    EXPECT_EQ(r->total_pop, v.total_pop);
    // Areas A and B: area C's value and limits are NaN (NaN ≠ NaN), its status says why.
    for (std::size_t g = 0; g < 2; ++g) {
      EXPECT_EQ(r->value[g], v.value[g]);
      for (std::size_t k = 0; k < 2; ++k) {
        EXPECT_EQ(r->lower(g, k), v.lower(g, k));
        EXPECT_EQ(r->upper(g, k), v.upper(g, k));
      }
    }
    EXPECT_EQ(r->status, v.status);
  }

  const auto xi = concat({&xb, &xc}), ni = concat({&nb, &nc});
  const auto xr = concat({&xa, &xa}), nr = concat({&na, &na});
  const std::vector<std::size_t> two{0, 19, 38};
  const StandardisedArray iv = indirectly_standardised(IndirectKind::ratio, xi, ni, xr, nr, two);
  const StandardisedArray ic =
      indirectly_standardised(IndirectKind::ratio, Column<double>(xi), Column<double>(ni),
                              Column<double>(xr), Column<double>(nr), Column<std::size_t>(two));
  EXPECT_TRUE(close(iv.value[0], 0.49109477837653803));
  EXPECT_EQ(iv.method[0], CountMethod::byar);
  EXPECT_EQ(iv.method[1], CountMethod::exact);
  EXPECT_EQ(ic.value, iv.value);
  EXPECT_EQ(ic.lower, iv.lower);
  EXPECT_EQ(ic.upper, iv.upper);
  EXPECT_EQ(ic.method, iv.method);
  EXPECT_EQ(ic.status, iv.status);
}
