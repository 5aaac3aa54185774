// Hu's seven moment invariants (Hu 1962).
#include <cmath>

#include "erlangen/core/error.hpp"
#include "erlangen/moments/invariants.hpp"

namespace erlangen::moments {

LabelledFeatures hu_moments(ImageView<const double> image) {
  double m00 = 0.0, m10 = 0.0, m01 = 0.0;
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
      m00 += image(i, j);
      m10 += static_cast<double>(j) * image(i, j);
      m01 += static_cast<double>(i) * image(i, j);
    }
  }
  if (!(std::abs(m00) > 0.0) || !std::isfinite(m00)) {
    throw InvalidArgument(fmt::format(
        "hu moments: the image mass (sum of intensities) is {}, expected a finite non-zero value; pass an image "
        "with a non-zero object",
        m00));
  }
  const double x_mean = m10 / m00;
  const double y_mean = m01 / m00;

  // Central moments mu_pq for p + q in [2, 3].
  double mu[4][4] = {};
  for (std::ptrdiff_t i = 0; i < image.height(); ++i) {
    const double y = static_cast<double>(i) - y_mean;
    for (std::ptrdiff_t j = 0; j < image.width(); ++j) {
      const double x = static_cast<double>(j) - x_mean;
      const double f = image(i, j);
      mu[2][0] += x * x * f;
      mu[1][1] += x * y * f;
      mu[0][2] += y * y * f;
      mu[3][0] += x * x * x * f;
      mu[2][1] += x * x * y * f;
      mu[1][2] += x * y * y * f;
      mu[0][3] += y * y * y * f;
    }
  }
  const auto eta = [&](int p, int q) { return mu[p][q] / std::pow(m00, 1.0 + (p + q) / 2.0); };
  const double n20 = eta(2, 0), n02 = eta(0, 2), n11 = eta(1, 1);
  const double n30 = eta(3, 0), n21 = eta(2, 1), n12 = eta(1, 2), n03 = eta(0, 3);

  const double a = n30 + n12;  // shorthand of the classical formulas
  const double b = n21 + n03;
  double phi[7];
  phi[0] = n20 + n02;
  phi[1] = (n20 - n02) * (n20 - n02) + 4.0 * n11 * n11;
  phi[2] = (n30 - 3.0 * n12) * (n30 - 3.0 * n12) + (3.0 * n21 - n03) * (3.0 * n21 - n03);
  phi[3] = a * a + b * b;
  phi[4] = (n30 - 3.0 * n12) * a * (a * a - 3.0 * b * b) + (3.0 * n21 - n03) * b * (3.0 * a * a - b * b);
  phi[5] = (n20 - n02) * (a * a - b * b) + 4.0 * n11 * a * b;
  phi[6] = (3.0 * n21 - n03) * a * (a * a - 3.0 * b * b) - (n30 - 3.0 * n12) * b * (3.0 * a * a - b * b);

  LabelledFeatures features;
  for (int k = 0; k < 7; ++k) features.push_back(phi[k], {"Hu", k + 1, 0, 0.0, "hu", ""});
  return features;
}

LabelledFeatures hu_moments(ImageView<const float> image) {
  const ImageD converted = convert_plane<double, float>(image);
  return hu_moments(converted.plane());
}

}  // namespace erlangen::moments
