#include <cordon/planner/gates.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace cordon::planner;

namespace {

/// Brute force over every subset as a bitmask: the fewest feasible gates, then least walking.
GateChoice brute_force(const std::vector<std::vector<double>>& walk,
                       const std::vector<bool>& vehicle, const GateParams& params) {
    const std::size_t gates = walk.size(), buildings = walk.front().size();
    const bool has_vehicle = std::find(vehicle.begin(), vehicle.end(), true) != vehicle.end();
    GateChoice best;
    std::size_t best_size = gates + 1;
    for (unsigned mask = 1; mask < (1u << gates); ++mask) {
        std::vector<std::size_t> open;
        for (std::size_t g = 0; g < gates; ++g)
            if (mask & (1u << g)) open.push_back(g);
        if (params.second_exit && gates >= 2 && open.size() < 2) continue;
        if (params.keep_vehicle_gate && has_vehicle &&
            std::none_of(open.begin(), open.end(), [&](auto g) { return vehicle[g]; }))
            continue;
        double total = 0;
        bool ok = true;
        for (std::size_t b = 0; b < buildings; ++b) {
            double nearest = 1e300, any = 1e300;
            for (std::size_t g : open)
                nearest = std::min(nearest, walk[g][b]);
            for (std::size_t g = 0; g < gates; ++g)
                any = std::min(any, walk[g][b]);
            if (any <= params.max_walk && nearest > params.max_walk) ok = false;
            total += nearest;
        }
        if (!ok) continue;
        if (open.size() < best_size ||
            (open.size() == best_size && total < best.total_walk - 1e-9)) {
            best_size = open.size();
            best.open = open;
            best.total_walk = total;
        }
    }
    return best;
}

} // namespace

TEST(Gates, ExactChoiceEqualsBruteForceOnRandomCompounds) {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 300; ++trial) {
        const std::size_t gates = 1 + rng() % 7, buildings = 1 + rng() % 12;
        std::uniform_real_distribution<double> d(20, 400);
        std::vector<std::vector<double>> walk(gates, std::vector<double>(buildings));
        for (auto& row : walk)
            for (double& w : row)
                w = std::round(d(rng));
        std::vector<bool> vehicle(gates);
        for (std::size_t g = 0; g < gates; ++g)
            vehicle[g] = rng() % 3 == 0;
        GateParams params;
        params.max_walk = 200;
        params.second_exit = trial % 4 == 0;
        params.keep_vehicle_gate = trial % 5 != 0;
        const GateChoice got = choose_gates(walk, vehicle, params);
        const GateChoice want = brute_force(walk, vehicle, params);
        ASSERT_EQ(got.open.size(), want.open.size()) << "trial " << trial;
        EXPECT_NEAR(got.total_walk, want.total_walk, 1e-6) << "trial " << trial;
        EXPECT_TRUE(got.exact);
    }
}

TEST(Gates, HandMadeCompound) {
    // Three gates; buildings 0-2 near gate 0, buildings 3-4 near gate 2; gate 1 is the only
    // vehicle gate and in the middle, reaching everything within 250 m.
    const std::vector<std::vector<double>> walk{
        {50, 60, 70, 400, 420}, {240, 230, 220, 210, 200}, {400, 390, 380, 60, 50}};
    GateParams params;
    params.max_walk = 250;
    params.keep_vehicle_gate = true;
    const GateChoice one = choose_gates(walk, {false, true, false}, params);
    EXPECT_EQ(one.open,
              (std::vector<std::size_t>{1})); // one gate serves all and is the vehicle gate
    params.max_walk = 150;
    const GateChoice three = choose_gates(walk, {false, true, false}, params);
    EXPECT_EQ(three.open,
              (std::vector<std::size_t>{0, 1, 2})); // two for the walk, plus the vehicle gate
    params.keep_vehicle_gate = false;
    const GateChoice two = choose_gates(walk, {false, true, false}, params);
    EXPECT_EQ(two.open, (std::vector<std::size_t>{0, 2}));
    EXPECT_NEAR(two.total_walk, 50 + 60 + 70 + 60 + 50, 1e-9);
}

TEST(Gates, BuildingsBeyondEveryGateAreReported) {
    const std::vector<std::vector<double>> walk{{100, 900}, {120, 950}};
    GateParams params;
    params.max_walk = 300;
    const GateChoice c = choose_gates(walk, {false, false}, params);
    EXPECT_EQ(c.too_far, (std::vector<std::size_t>{1}));
    EXPECT_EQ(c.open, (std::vector<std::size_t>{0})); // gate 0 is nearer to the far building too
}
