// The direct method: every kernel at every pixel touching the disk, stored as
// a dense matrix, so that apply() is two real matrix-vector products (real and
// imaginary parts of the kernels). This is the slow oracle that the fast
// methods are tested against.
#include <complex>

#include "engine.hpp"

namespace erlangen::moments::detail {
namespace {

class DirectEngine final : public MomentEngine {
 public:
  explicit DirectEngine(const EngineSettings& settings) : order_count_(settings.orders.size()) {
    const basis::DiskGrid grid(settings.size, settings.size, settings.options.grid);
    const std::vector<basis::PixelIndex> pixels = pixels_without_centre(grid, settings.options.sampling);
    pixel_offsets_.reserve(pixels.size());
    for (const basis::PixelIndex& pixel : pixels) pixel_offsets_.push_back(pixel.row * settings.size + pixel.col);

    const int max_order = settings.options.max_order;
    basis::PixelKernels kernels = basis::sample_kernels(*settings.family, max_order, settings.orders, grid,
                                                        settings.options.sampling, pixels);
    const auto rows = static_cast<Eigen::Index>(order_count_);
    Eigen::VectorXd scale(rows);
    for (Eigen::Index k = 0; k < rows; ++k) scale(k) = settings.scale[static_cast<std::size_t>(k)];
    real_ = scale.asDiagonal() * kernels.values.real();
    imag_ = scale.asDiagonal() * kernels.values.imag();
    kernels.values.resize(0, 0);

    if (settings.size % 2 == 1) {
      centre_offset_ = (settings.size / 2) * settings.size + settings.size / 2;
      centre_ = centre_pixel_kernel(*settings.family, max_order, settings.orders, grid, settings.options.sampling);
      centre_ = centre_.cwiseProduct(scale.cast<std::complex<double>>());
    }
  }

  void apply(const double* image, std::complex<double>* values) const override {
    Eigen::VectorXd samples(static_cast<Eigen::Index>(pixel_offsets_.size()));
    for (std::size_t p = 0; p < pixel_offsets_.size(); ++p) {
      samples(static_cast<Eigen::Index>(p)) = image[pixel_offsets_[p]];
    }
    const Eigen::VectorXd real = real_ * samples;
    const Eigen::VectorXd imag = imag_ * samples;
    for (std::size_t k = 0; k < order_count_; ++k) {
      const auto index = static_cast<Eigen::Index>(k);
      values[k] = {real(index), imag(index)};
    }
    if (centre_offset_ >= 0) {
      const double centre_value = image[centre_offset_];
      for (std::size_t k = 0; k < order_count_; ++k) values[k] += centre_value * centre_(static_cast<Eigen::Index>(k));
    }
  }

  std::size_t kernel_bytes() const override {
    return static_cast<std::size_t>(real_.size() + imag_.size()) * sizeof(double) +
           pixel_offsets_.size() * sizeof(std::ptrdiff_t);
  }

 private:
  std::size_t order_count_;
  std::vector<std::ptrdiff_t> pixel_offsets_;
  // Scaled real and imaginary parts of the kernels, orders x pixels.
  Eigen::MatrixXd real_;
  Eigen::MatrixXd imag_;
  std::ptrdiff_t centre_offset_ = -1;
  Eigen::VectorXcd centre_;
};

}  // namespace

std::size_t direct_kernel_bytes(const EngineSettings& settings) {
  const basis::DiskGrid grid(settings.size, settings.size, settings.options.grid);
  const std::size_t pixels = basis::pixels_touching_disk(grid, settings.options.sampling).size();
  return settings.orders.size() * pixels * 2 * sizeof(double);
}

std::unique_ptr<MomentEngine> make_direct_engine(const EngineSettings& settings) {
  return std::make_unique<DirectEngine>(settings);
}

}  // namespace erlangen::moments::detail
