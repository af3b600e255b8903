#pragma once
// A small stacked bar chart drawn server-side as SVG, so pages need no script.
#include <cstdint>
#include <string>
#include <vector>

namespace loginkit::web {

struct Bar {
  std::string label;       // e.g. a date; escaped into the <title> tooltip
  std::int64_t lower = 0;  // drawn at the bottom (accepted)
  std::int64_t upper = 0;  // stacked on top (refused)
};

std::string stacked_bar_chart_svg(const std::string& id, const std::string& title,
                                  const std::vector<Bar>& bars);

}  // namespace loginkit::web
