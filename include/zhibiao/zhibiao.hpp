#pragma once
/// \file zhibiao.hpp
/// Everything public in one include. Prefer the concept headers in code that uses one or two.
///
/// Thread safety: each header's \file comment says what may be used concurrently; docs/embedding.md
/// §4 has the whole contract.

#include "zhibiao/age_band.hpp"
#include "zhibiao/assessment.hpp"
#include "zhibiao/audit.hpp"
#include "zhibiao/column.hpp"
#include "zhibiao/column_eigen.hpp"
#include "zhibiao/comparison.hpp"
#include "zhibiao/confidence_interval.hpp"
#include "zhibiao/cube.hpp"
#include "zhibiao/data_element.hpp"
#include "zhibiao/decimal.hpp"
#include "zhibiao/difference.hpp"
#include "zhibiao/error.hpp"
#include "zhibiao/evaluation.hpp"
#include "zhibiao/export.hpp"
#include "zhibiao/expression.hpp"
#include "zhibiao/figure.hpp"
#include "zhibiao/funnel.hpp"
#include "zhibiao/indicator.hpp"
#include "zhibiao/inequality.hpp"
#include "zhibiao/interval.hpp"
#include "zhibiao/life_table.hpp"
#include "zhibiao/measure.hpp"
#include "zhibiao/org_unit.hpp"
#include "zhibiao/period.hpp"
#include "zhibiao/rate.hpp"
#include "zhibiao/standardise.hpp"
#include "zhibiao/target.hpp"
#include "zhibiao/threads.hpp"
#include "zhibiao/time_aggregation.hpp"
#include "zhibiao/unit.hpp"
#include "zhibiao/validation.hpp"
#include "zhibiao/version.hpp"
