// Fuzz target: the parsers of named options (families, grids, methods, pooling, classifiers,
// matchers, alpha policies, ...) and the CMFD pixel scale. The first byte selects the parser.
#include <cmath>
#include <functional>

#include "erlangen/basis/family.hpp"
#include "erlangen/basis/grid.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/core/transform.hpp"
#include "erlangen/forensics/cmfd.hpp"
#include "erlangen/forensics/hash/hash.hpp"
#include "erlangen/forensics/hash/moment_hash.hpp"
#include "erlangen/hierarchy/classifier.hpp"
#include "erlangen/hierarchy/feature_extractor.hpp"
#include "erlangen/hierarchy/hir.hpp"
#include "erlangen/hierarchy/model.hpp"
#include "erlangen/hierarchy/paths.hpp"
#include "erlangen/hierarchy/readout.hpp"
#include "erlangen/hierarchy/selection.hpp"
#include "erlangen/moments/cartesian.hpp"
#include "erlangen/moments/plan.hpp"
#include "fuzz_support.hpp"

namespace {

using Parser = std::function<void(std::string_view)>;

const std::vector<Parser>& parsers() {
  using namespace erlangen;
  static const std::vector<Parser> list = {
      [](std::string_view t) { (void)basis::make_family(t); },
      [](std::string_view t) { (void)basis::parse_grid(t); },
      [](std::string_view t) { (void)basis::parse_integration(t); },
      [](std::string_view t) { (void)parse_interpolation(t); },
      [](std::string_view t) { (void)moments::parse_method(t); },
      [](std::string_view t) { (void)moments::parse_cartesian_family(t); },
      [](std::string_view t) { (void)hierarchy::parse_pooling_kind(t); },
      [](std::string_view t) { (void)hierarchy::parse_kernel_mode(t); },
      [](std::string_view t) { (void)hierarchy::parse_readout(t); },
      [](std::string_view t) { (void)hierarchy::parse_linear_loss(t); },
      [](std::string_view t) { (void)hierarchy::parse_extractor_kind(t); },
      [](std::string_view t) { (void)hierarchy::parse_classifier_kind(t); },
      [](std::string_view t) { (void)hierarchy::parse_selection_score(t); },
      [](std::string_view t) { (void)hierarchy::parse_path_rule(t); },
      [](std::string_view t) { (void)hierarchy::preset_config(t); },
      [](std::string_view t) { (void)forensics::parse_cmfd_features(t); },
      [](std::string_view t) { (void)forensics::parse_matcher(t); },
      [](std::string_view t) { (void)forensics::parse_scale_handling(t); },
      [](std::string_view t) { (void)forensics::parse_alpha_policy(t); },
      [](std::string_view t) { (void)forensics::parse_moment_hash_mode(t); },
      [](std::string_view t) { (void)forensics::find_hash_algorithm(t); },
      [](std::string_view t) {
        // "auto" is 0; any other accepted value is a number in [0.25, 1].
        const double scale = forensics::parse_pixel_scale(t);
        if (scale != 0.0 && !(scale >= 0.25 && scale <= 1.0)) __builtin_trap();
      },
  };
  return list;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Parser& parse = parsers()[data[0] % parsers().size()];
  try {
    parse(erlangen::fuzz::as_text(data + 1, size - 1));
  } catch (const erlangen::Error&) {
  }
  return 0;
}
