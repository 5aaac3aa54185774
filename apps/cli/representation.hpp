// Registry of the representations that `erlangen moments --invariants` and
// `erlangen invariance --representation` accept.
//
// A representation maps an image to labelled feature values (see
// moments/invariance.hpp). Each file apps/cli/representation_<kind>.cpp
// registers its entries with a static RepresentationRegistrar, so a new kind
// (for example dense maps) is one new file.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common.hpp"
#include "erlangen/moments/invariance.hpp"
#include "erlangen/moments/plan.hpp"

namespace erlangen::cli {

// Parameters of a representation: the moment options of the command line, the
// image side, and a plan for that side when the caller has one already.
struct RepresentationRequest {
  MomentArguments moments;
  std::ptrdiff_t side = 0;
  std::shared_ptr<const moments::MomentPlan> plan;  // may be null; then the factory builds one
};

struct RepresentationEntry {
  std::string name;     // value of --representation / --invariants, for example "magnitude"
  std::string summary;  // one line for --help: what it contains and which invariances hold
  std::function<moments::Representation(const RepresentationRequest&)> make;
};

std::vector<RepresentationEntry>& representation_entries();

struct RepresentationRegistrar {
  explicit RepresentationRegistrar(RepresentationEntry entry) {
    representation_entries().push_back(std::move(entry));
  }
};

// Names of every registered representation, sorted.
std::vector<std::string> representation_names();
// Help text listing every representation with its summary.
std::string representation_help();
// Throws InvalidArgument naming the registered representations when `name` is unknown.
const RepresentationEntry& find_representation(std::string_view name);

// Builds the plan of a request when it has none.
std::shared_ptr<const moments::MomentPlan> plan_for(const RepresentationRequest& request);

}  // namespace erlangen::cli
