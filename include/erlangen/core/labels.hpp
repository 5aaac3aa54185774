// Labels that travel with every feature value, so that callers select by meaning.
#pragma once

#include <string>
#include <vector>

namespace erlangen {

// What one feature value is: its family (or descriptor), order n, repetition m,
// scale (window side in pixels, 0 for global), kind of value and, for
// hierarchical features, the path of layers that produced it.
struct FeatureLabel {
  std::string family;       // for example "ZM", "PCT(alpha=2)", "Hu"
  int n = 0;
  int m = 0;
  double scale = 0.0;       // window side in pixels; 0 for whole-image moments
  std::string kind;         // for example "magnitude", "real", "imag", "phase-cancelled", "hu"
  std::string path;         // hierarchical path such as "(0,0)->(0,1)"; empty otherwise

  // Compact text form, for example "ZM n=3 m=1 magnitude".
  std::string text() const;
  bool operator==(const FeatureLabel&) const = default;
};

// A feature vector with one label per value.
struct LabelledFeatures {
  std::vector<double> values;
  std::vector<FeatureLabel> labels;

  std::size_t size() const { return values.size(); }
  void push_back(double value, FeatureLabel label) {
    values.push_back(value);
    labels.push_back(std::move(label));
  }
};

}  // namespace erlangen
