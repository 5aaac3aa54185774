// Text overlay: a 5 x 7 bitmap font of upper-case letters and digits, and the
// random caption of the "text" distortion (declared in forensics/distortion.hpp).
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>

#include "distortion_internal.hpp"
#include "erlangen/core/error.hpp"

namespace erlangen::forensics {
namespace {

struct Glyph {
  char character;
  std::array<const char*, kGlyphHeight> rows;  // kGlyphWidth characters each, '#' is ink
};

// Our own glyph design: strokes one font pixel wide, letters without serifs.
constexpr std::array<Glyph, 36> kFont = {{
    {'A', {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"}},
    {'B', {"####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."}},
    {'C', {".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."}},
    {'D', {"###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###.."}},
    {'E', {"#####", "#....", "#....", "####.", "#....", "#....", "#####"}},
    {'F', {"#####", "#....", "#....", "####.", "#....", "#....", "#...."}},
    {'G', {".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"}},
    {'H', {"#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"}},
    {'I', {".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."}},
    {'J', {"..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."}},
    {'K', {"#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"}},
    {'L', {"#....", "#....", "#....", "#....", "#....", "#....", "#####"}},
    {'M', {"#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"}},
    {'N', {"#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"}},
    {'O', {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."}},
    {'P', {"####.", "#...#", "#...#", "####.", "#....", "#....", "#...."}},
    {'Q', {".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"}},
    {'R', {"####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"}},
    {'S', {".####", "#....", "#....", ".###.", "....#", "....#", "####."}},
    {'T', {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."}},
    {'U', {"#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."}},
    {'V', {"#...#", "#...#", "#...#", "#...#", ".#.#.", ".#.#.", "..#.."}},
    {'W', {"#...#", "#...#", "#...#", "#.#.#", "#.#.#", "##.##", "#...#"}},
    {'X', {"#...#", ".#.#.", "..#..", "..#..", "..#..", ".#.#.", "#...#"}},
    {'Y', {"#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..", "..#.."}},
    {'Z', {"#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"}},
    {'0', {".###.", "#..##", "#.#.#", "#.#.#", "#.#.#", "##..#", ".###."}},
    {'1', {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."}},
    {'2', {".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"}},
    {'3', {"####.", "....#", "....#", ".###.", "....#", "....#", "####."}},
    {'4', {"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."}},
    {'5', {"#####", "#....", "####.", "....#", "....#", "#...#", ".###."}},
    {'6', {"..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."}},
    {'7', {"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."}},
    {'8', {".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."}},
    {'9', {".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."}},
}};

const Glyph* find_glyph(char character) {
  const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(character)));
  const auto found = std::find_if(kFont.begin(), kFont.end(), [&](const Glyph& glyph) { return glyph.character == upper; });
  return found == kFont.end() ? nullptr : &*found;
}

}  // namespace

void draw_glyph_text(ImageF& image, std::string_view text, std::ptrdiff_t top, std::ptrdiff_t left, int scale,
                     std::span<const float> colour) {
  if (scale < 1) {
    throw_invalid_argument("draw text", "scale", scale, "an integer >= 1", "pass the font pixel size in pixels");
  }
  if (static_cast<std::ptrdiff_t>(colour.size()) != image.channels()) {
    throw_invalid_argument("draw text", "colour.size()", colour.size(),
                           fmt::format("{} (one value per plane)", image.channels()),
                           "pass one value per plane of the image");
  }
  for (std::size_t index = 0; index < text.size(); ++index) {
    const Glyph* glyph = find_glyph(text[index]);
    if (glyph == nullptr) continue;
    const std::ptrdiff_t glyph_left = left + static_cast<std::ptrdiff_t>(index) * kGlyphAdvance * scale;
    for (int gy = 0; gy < kGlyphHeight; ++gy) {
      for (int gx = 0; gx < kGlyphWidth; ++gx) {
        if (glyph->rows[static_cast<std::size_t>(gy)][gx] != '#') continue;
        for (int dy = 0; dy < scale; ++dy) {
          const std::ptrdiff_t row = top + gy * scale + dy;
          if (row < 0 || row >= image.height()) continue;
          for (int dx = 0; dx < scale; ++dx) {
            const std::ptrdiff_t col = glyph_left + gx * scale + dx;
            if (col < 0 || col >= image.width()) continue;
            for (std::ptrdiff_t c = 0; c < image.channels(); ++c) image(row, col, c) = colour[static_cast<std::size_t>(c)];
          }
        }
      }
    }
  }
}

namespace detail {

// A caption of 4 to 10 random letters and digits in black or white, with glyphs
// height_fraction times the image height (at least one font pixel per glyph
// pixel), at a random position where it fits. A caption wider than the image
// loses its trailing characters.
ImageF overlay_random_text(const ImageF& image, double height_fraction, std::uint64_t seed) {
  Random random(seed);
  const auto length = static_cast<std::size_t>(4 + random.below(7));
  std::string caption;
  for (std::size_t k = 0; k < length; ++k) caption += kFont[random.below(kFont.size())].character;
  const int scale = std::max(1, static_cast<int>(std::lround(height_fraction * static_cast<double>(image.height()) /
                                                             kGlyphHeight)));
  const std::ptrdiff_t advance = static_cast<std::ptrdiff_t>(kGlyphAdvance) * scale;
  const std::ptrdiff_t fitting = std::max<std::ptrdiff_t>(1, (image.width() + scale) / advance);
  if (static_cast<std::ptrdiff_t>(caption.size()) > fitting) caption.resize(static_cast<std::size_t>(fitting));
  const std::ptrdiff_t text_width = static_cast<std::ptrdiff_t>(caption.size()) * advance - scale;
  const std::ptrdiff_t text_height = static_cast<std::ptrdiff_t>(kGlyphHeight) * scale;
  const std::ptrdiff_t top =
      static_cast<std::ptrdiff_t>(random.below(static_cast<std::uint64_t>(std::max<std::ptrdiff_t>(1, image.height() - text_height + 1))));
  const std::ptrdiff_t left =
      static_cast<std::ptrdiff_t>(random.below(static_cast<std::uint64_t>(std::max<std::ptrdiff_t>(1, image.width() - text_width + 1))));
  const float level = random.uniform() < 0.5 ? 0.0f : 1.0f;
  const std::vector<float> colour(static_cast<std::size_t>(image.channels()), level);
  ImageF result = image;
  draw_glyph_text(result, caption, top, left, scale, colour);
  return result;
}

}  // namespace detail
}  // namespace erlangen::forensics
