// Fuzz target: the order-set and scale-set syntax of the dense local moments ("n+m<=3",
// "(0,0),(1,2)", "8:32:10"). The first byte selects the moment family, the rest is the text.
#include <memory>

#include "erlangen/basis/family.hpp"
#include "erlangen/core/error.hpp"
#include "erlangen/dense/order_set.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& families = erlangen::basis::family_table();
  const std::unique_ptr<const erlangen::basis::Family> family =
      erlangen::basis::make_family(families[data[0] % families.size()].id);
  const std::string_view text = erlangen::fuzz::as_text(data + 1, size - 1);
  try {
    const std::vector<erlangen::basis::OrderPair> orders = erlangen::dense::parse_order_set(text, *family);
    // A parsed set is valid by contract, and its text form must parse back to the same pairs.
    erlangen::dense::validate_orders(orders, *family);
    const std::vector<erlangen::basis::OrderPair> again =
        erlangen::dense::parse_order_set(erlangen::dense::format_orders(orders), *family);
    if (again != orders) __builtin_trap();
  } catch (const erlangen::Error&) {
  }
  try {
    const std::vector<int> scales = erlangen::dense::parse_scales(text);
    erlangen::dense::validate_scales(scales);
    (void)erlangen::dense::reference_scales(scales);
  } catch (const erlangen::Error&) {
  }
  return 0;
}
