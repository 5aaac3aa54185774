// Global-moment representations: magnitudes, symmetrised magnitudes, the
// phase-cancelled complete set, and Hu's invariants as the classical baseline.
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "erlangen/moments/features.hpp"
#include "erlangen/moments/invariants.hpp"
#include "representation.hpp"

namespace erlangen::cli {
namespace {

std::string representation_title(const moments::MomentPlan& plan, std::string_view kind) {
  return fmt::format("{} K={} {}", moments::family_label(plan.family()), plan.options().max_order, kind);
}

moments::Representation make_magnitude(const RepresentationRequest& request) {
  const auto plan = plan_for(request);
  moments::Representation representation;
  representation.name = representation_title(*plan, "magnitude");
  representation.compute = [plan](ImageView<const float> image) { return moments::magnitudes(plan->apply(image)); };
  return representation;
}

moments::Representation make_symmetrised(const RepresentationRequest& request) {
  const auto plan = plan_for(request);
  moments::Representation representation;
  representation.name = representation_title(*plan, "symmetrised magnitude");
  representation.compute = [plan](ImageView<const float> image) {
    return moments::symmetrised_magnitudes(plan->apply(image));
  };
  return representation;
}

moments::Representation make_complete(const RepresentationRequest& request) {
  const auto plan = plan_for(request);
  moments::Representation representation;
  representation.name = representation_title(*plan, "phase-cancelled");
  // The reference order n0 is chosen on the first image and then kept, so that
  // every image of a comparison is normalised by the same moment M_{n0,1}.
  auto reference_order = std::make_shared<std::optional<int>>();
  representation.compute = [plan, reference_order](ImageView<const float> image) {
    const moments::PhaseCancelled result = moments::phase_cancelled(plan->apply(image), *reference_order);
    if (!reference_order->has_value()) *reference_order = result.reference_order;
    return result.features;
  };
  return representation;
}

moments::Representation make_hu(const RepresentationRequest&) {
  moments::Representation representation;
  representation.name = "Hu";
  representation.compute = [](ImageView<const float> image) {
    const ImageD pixels = convert_plane<double, float>(image);
    return moments::hu_moments(pixels.plane());
  };
  return representation;
}

const RepresentationRegistrar magnitude{
    {"magnitude",
     "|M_nm|; rotation invariant; for real radial families m >= 0 only, and then also flip invariant",
     make_magnitude}};
const RepresentationRegistrar symmetrised{
    {"symmetrised",
     "(|M_nm| + |M_n,-m|) / 2 for m >= 0; rotation and flip invariant for every family (EFM, PCET, GPCET too)",
     make_symmetrised}};
const RepresentationRegistrar complete{
    {"complete",
     "phase-cancelled M_nm conj(M_n0,1)^m / |M_n0,1|^m (real and imaginary parts); rotation invariant and "
     "complete; n0 maximises |M_n,1| on the first image",
     make_complete}};
const RepresentationRegistrar hu{
    {"hu", "Hu's seven invariants of the whole image (Hu 1962); translation, scale and rotation invariant, phi7 "
           "changes sign under a flip",
     make_hu}};

}  // namespace
}  // namespace erlangen::cli
