// Generated at development time by a Python script (numpy 2.4.6, scipy 1.17.1, mpmath 1.3.0);
// values are independent of this package's code. Do not edit by hand.

import OfftakeRandom
import Testing

/// A distribution with its exact mean, variance, 4th central moment and quantiles
/// (scipy.stats 1.17.1 frozen distributions; mixtures/truncations by scipy.integrate.quad and brentq).
struct FamilyReference: Sendable, CustomTestStringConvertible {
    let name: String
    let distribution: Distribution
    let mean: Double
    let variance: Double
    let fourthCentralMoment: Double
    /// (p, exact p-quantile) at 1, 5, 10, 25, 50, 75, 90, 95, 99 %.
    let quantiles: [(p: Double, x: Double)]
    var testDescription: String { name }
}

let familyReferences: [FamilyReference] = [
    FamilyReference(
        name: "normal",
        distribution: .normal(mean: 10.0, sd: 2.0),
        mean: 10.0, variance: 4.0, fourthCentralMoment: 48.0,
        quantiles: [(0.01, 5.3473042519183185), (0.05, 6.710292746097054), (0.1, 7.436896868910799), (0.25, 8.651020499607837), (0.5, 10.0), (0.75, 11.348979500392163), (0.9, 12.5631031310892), (0.95, 13.289707253902945), (0.99, 14.652695748081682)]),
    FamilyReference(
        name: "lognormal",
        distribution: .lognormal(mu: 0.5, sigma: 0.4),
        mean: 1.7860384307500736, variance: 0.5534881011446782, fourthCentralMoment: 1.9177492043603777,
        quantiles: [(0.01, 0.6501584675232268), (0.05, 0.853899775670242), (0.1, 0.9874586799036625), (0.25, 1.2588569163091834), (0.5, 1.6487212707001282), (0.75, 2.1593254906433055), (0.9, 2.7528056452187384), (0.95, 3.183373395695548), (0.99, 4.180952743435484)]),
    FamilyReference(
        name: "uniform",
        distribution: .uniform(min: -1.0, max: 3.0),
        mean: 1.0, variance: 1.3333333333333333, fourthCentralMoment: 3.1999999999999997,
        quantiles: [(0.01, -0.96), (0.05, -0.8), (0.1, -0.6), (0.25, 0.0), (0.5, 1.0), (0.75, 2.0), (0.9, 2.6), (0.95, 2.8), (0.99, 2.96)]),
    FamilyReference(
        name: "triangular",
        distribution: .triangular(min: 1.0, mode: 2.0, max: 5.0),
        mean: 2.666666666666667, variance: 0.7222222222222222, fourthCentralMoment: 1.2518518518518518,
        quantiles: [(0.01, 1.2), (0.05, 1.4472135954999579), (0.1, 1.632455532033676), (0.25, 2.0), (0.5, 2.550510257216822), (0.75, 3.267949192431123), (0.9, 3.904554884989668), (0.95, 4.225403330758516), (0.99, 4.653589838486225)]),
    FamilyReference(
        name: "pert",
        distribution: .pert(min: 10.0, mode: 14.0, max: 30.0),
        mean: 16.0, variance: 12.000000000000002, fourthCentralMoment: 400.0000000000001,
        quantiles: [(0.01, 10.462690523845295), (0.05, 11.179547752236346), (0.1, 11.798042609184833), (0.25, 13.268629950445487), (0.5, 15.533445187850377), (0.75, 18.284532539089277), (0.9, 20.90668100867164), (0.95, 22.425534480323805), (0.99, 24.971186572592696)]),
    FamilyReference(
        name: "beta(2,5)",
        distribution: .beta(alpha: 2.0, beta: 5.0),
        mean: 0.2857142857142857, variance: 0.025510204081632654, fourthCentralMoment: 0.001874219075385256,
        quantiles: [(0.01, 0.026763191142755053), (0.05, 0.06284989170835438), (0.1, 0.09259525891312873), (0.25, 0.16116291679032652), (0.5, 0.26444998329566005), (0.75, 0.3894794852007245), (0.9, 0.5103163065514917), (0.95, 0.5818034092520259), (0.99, 0.7056863283197075)]),
    FamilyReference(
        name: "beta(0.5,0.5)",
        distribution: .beta(alpha: 0.5, beta: 0.5),
        mean: 0.5, variance: 0.125, fourthCentralMoment: 0.0234375,
        quantiles: [(0.01, 0.00024671981713422146), (0.05, 0.0061558297024311365), (0.1, 0.024471741852423214), (0.25, 0.14644660940672624), (0.5, 0.4999999999999999), (0.75, 0.8535533905932737), (0.9, 0.9755282581475768), (0.95, 0.9938441702975689), (0.99, 0.9997532801828658)]),
    FamilyReference(
        name: "gamma(0.7,3)",
        distribution: .gamma(shape: 0.7, scale: 3.0),
        mean: 2.0999999999999996, variance: 6.299999999999999, fourthCentralMoment: 459.26999999999987,
        quantiles: [(0.01, 0.003637869072304027), (0.05, 0.03648959829722519), (0.1, 0.09943649326330023), (0.25, 0.38929477150801756), (0.5, 1.2222712454293239), (0.75, 2.8845212606828996), (0.9, 5.2713855321132606), (0.95, 7.147860055945108), (0.99, 11.627216031720483)]),
    FamilyReference(
        name: "gamma(9,0.5)",
        distribution: .gamma(shape: 9.0, scale: 0.5),
        mean: 4.5, variance: 2.25, fourthCentralMoment: 18.5625,
        quantiles: [(0.01, 1.7537277252931456), (0.05, 2.347613770172246), (0.1, 2.7162340291272153), (0.25, 3.4188225875995726), (0.5, 4.334475592185185), (0.75, 5.401222448932041), (0.9, 6.497355770659302), (0.95, 7.217324857598156), (0.99, 8.701326433676266)]),
    FamilyReference(
        name: "studentT(10)",
        distribution: .studentT(df: 10.0, loc: 1.0, scale: 2.0),
        mean: 1.0, variance: 5.0, fourthCentralMoment: 100.0,
        quantiles: [(0.01, -4.527538916225392), (0.05, -2.624922245623352), (0.1, -1.7443672822206717), (0.25, -0.39962412262486335), (0.5, 1.0), (0.75, 2.3996241226248634), (0.9, 3.744367282220672), (0.95, 4.624922245623351), (0.99, 6.527538916225391)]),
    FamilyReference(
        name: "bernoulli",
        distribution: .bernoulli(p: 0.3),
        mean: 0.3, variance: 0.21, fourthCentralMoment: 0.07769999999999999,
        quantiles: [(0.01, 0.0), (0.05, 0.0), (0.1, 0.0), (0.25, 0.0), (0.5, 0.0), (0.75, 1.0), (0.9, 1.0), (0.95, 1.0), (0.99, 1.0)]),
    FamilyReference(
        name: "poisson(4.5)",
        distribution: .poisson(lambda: 4.5),
        mean: 4.5, variance: 4.5, fourthCentralMoment: 65.25,
        quantiles: [(0.01, 0.0), (0.05, 1.0), (0.1, 2.0), (0.25, 3.0), (0.5, 4.0), (0.75, 6.0), (0.9, 7.0), (0.95, 8.0), (0.99, 10.0)]),
    FamilyReference(
        name: "poisson(250)",
        distribution: .poisson(lambda: 250.0),
        mean: 250.0, variance: 250.0, fourthCentralMoment: 187750.0,
        quantiles: [(0.01, 214.0), (0.05, 224.0), (0.1, 230.0), (0.25, 239.0), (0.5, 250.0), (0.75, 261.0), (0.9, 270.0), (0.95, 276.0), (0.99, 288.0)]),
    FamilyReference(
        name: "discrete",
        distribution: .discrete(values: [5.0, 1.0, 2.5, 10.0], weights: [2.0, 1.0, 3.0, 0.5]),
        mean: 3.615384615384616, variance: 5.352071005917161, fourthCentralMoment: 136.86260547599872,
        quantiles: [(0.01, 1.0), (0.05, 1.0), (0.1, 1.0), (0.25, 2.5), (0.5, 2.5), (0.75, 5.0), (0.9, 5.0), (0.95, 10.0), (0.99, 10.0)]),
    FamilyReference(
        name: "mixture(normal,lognormal)",
        distribution: .mixture(components: [.normal(mean: 0.0, sd: 1.0), .lognormal(mu: 1.0, sigma: 0.5)], weights: [1.0, 3.0]),
        mean: 2.3101626366885233, variance: 4.050019062575908, fourthCentralMoment: 89.6795395573379,
        quantiles: [(0.01, -1.7506860712521697), (0.05, -0.8416212335729141), (0.1, -0.2533471031357998), (0.25, 1.145653896666274), (0.5, 2.2053923841763536), (0.75, 3.3720964196960317), (0.9, 4.736917692344193), (0.95, 5.757728150084382), (0.99, 8.233254578965155)]),
    FamilyReference(
        name: "mixture(poisson,constant)",
        distribution: .mixture(components: [.poisson(lambda: 2.0), .constant(10.0)], weights: [0.8, 0.2]),
        mean: 3.6, variance: 11.83999999999999, fourthCentralMoment: 366.323199999995,
        quantiles: [(0.01, 0.0), (0.05, 0.0), (0.1, 0.0), (0.25, 1.0), (0.5, 2.0), (0.75, 4.0), (0.9, 10.0), (0.95, 10.0), (0.99, 10.0)]),
    FamilyReference(
        name: "truncated(normal)",
        distribution: .truncated(.normal(mean: 0.0, sd: 1.0), min: -0.5, max: 2.0),
        mean: 0.4457437782725149, variance: 0.3765938361368359, fourthCentralMoment: 0.3331452458254441,
        quantiles: [(0.01, -0.4810945180698798), (0.05, -0.40708397819374226), (0.1, -0.3175615509985018), (0.25, -0.06090955207738297), (0.5, 0.3662043543720086), (0.75, 0.8781608611712909), (0.9, 1.3430903195383768), (0.95, 1.5876235183398288), (0.99, 1.8891292609507537)]),
    FamilyReference(
        name: "truncated(gamma)",
        distribution: .truncated(.gamma(shape: 2.0, scale: 1.0), min: 1.0, max: .infinity),
        mean: 2.4999999999999996, variance: 1.7499999999999996, fourthCentralMoment: 20.8125,
        quantiles: [(0.01, 1.0200013203402363), (0.05, 1.1001593244782644), (0.1, 1.201229322235454), (0.25, 1.5179997138868337), (0.5, 2.146193220620582), (0.75, 3.105466577876743), (0.9, 4.271812060356292), (0.95, 5.113003280719635), (0.99, 6.990244346246392)]),
    FamilyReference(
        name: "truncated(poisson)",
        distribution: .truncated(.poisson(lambda: 3.0), min: 2.0, max: 6.0),
        mean: 3.386861313868613, variance: 1.4780755501092226, fourthCentralMoment: 5.070471749513018,
        quantiles: [(0.01, 2.0), (0.05, 2.0), (0.1, 2.0), (0.25, 2.0), (0.5, 3.0), (0.75, 4.0), (0.9, 5.0), (0.95, 6.0), (0.99, 6.0)]),
    FamilyReference(
        name: "truncated(lognormal)",
        distribution: .truncated(.lognormal(mu: 0.0, sigma: 1.0), min: 0.5, max: 5.0),
        mean: 1.6053695730673807, variance: 1.0484478554100052, fourthCentralMoment: 4.279295677796726,
        quantiles: [(0.01, 0.511228648603301), (0.05, 0.5570085822182134), (0.1, 0.6165368766007929), (0.25, 0.816432510236631), (0.5, 1.2723624466127188), (0.75, 2.0984037419423065), (0.9, 3.1751367595073585), (0.95, 3.848816779907755), (0.99, 4.703210329132987)]),
]

/// (distribution, x, P(X ≤ x), P(X > x)) from scipy.stats 1.17.1.
let cdfReferences: [(distribution: Distribution, x: Double, cdf: Double, sf: Double)] = [
    (.normal(mean: 0.0, sd: 1.0), -37.5, 4.605353009581954e-308, 1.0),
    (.normal(mean: 0.0, sd: 1.0), -20.0, 2.7536241186061556e-89, 1.0),
    (.normal(mean: 0.0, sd: 1.0), -10.0, 7.61985302416047e-24, 1.0),
    (.normal(mean: 0.0, sd: 1.0), -5.0, 2.866515718791933e-07, 0.9999997133484281),
    (.normal(mean: 0.0, sd: 1.0), -1.5, 0.06680720126885807, 0.9331927987311419),
    (.normal(mean: 0.0, sd: 1.0), 0.0, 0.5, 0.5),
    (.normal(mean: 0.0, sd: 1.0), 0.5, 0.6914624612740131, 0.3085375387259869),
    (.normal(mean: 0.0, sd: 1.0), 2.0, 0.9772498680518208, 0.022750131948179195),
    (.normal(mean: 0.0, sd: 1.0), 6.0, 0.9999999990134123, 9.865876450376946e-10),
    (.normal(mean: 0.0, sd: 1.0), 20.0, 1.0, 2.7536241186061556e-89),
    (.normal(mean: 0.0, sd: 1.0), 37.5, 1.0, 4.605353009581954e-308),
    (.gamma(shape: 0.3, scale: 1.0), 6.97269909640939e-21, 1.0000000000000006e-06, 0.999999),
    (.gamma(shape: 0.3, scale: 1.0), 0.0032703395246849493, 0.20000000000000015, 0.7999999999999998),
    (.gamma(shape: 0.3, scale: 1.0), 0.07313113586695198, 0.5, 0.5),
    (.gamma(shape: 0.3, scale: 1.0), 0.4600738869878518, 0.8, 0.19999999999999984),
    (.gamma(shape: 0.3, scale: 1.0), 17.583462446593153, 0.999999999, 9.999999717180696e-10),
    (.gamma(shape: 2.5, scale: 2.0), 0.012896160206497087, 9.999999999999991e-07, 0.999999),
    (.gamma(shape: 2.5, scale: 2.0), 2.342534305841121, 0.2, 0.8),
    (.gamma(shape: 2.5, scale: 2.0), 4.351460191095526, 0.5000000000000001, 0.4999999999999999),
    (.gamma(shape: 2.5, scale: 2.0), 7.289276126648961, 0.8, 0.19999999999999998),
    (.gamma(shape: 2.5, scale: 2.0), 50.69219376151919, 0.999999999, 9.999999717180675e-10),
    (.gamma(shape: 40.0, scale: 0.1), 1.6753150234308056, 1.000000000000003e-06, 0.999999),
    (.gamma(shape: 40.0, scale: 0.1), 3.4603469541769267, 0.20000000000000004, 0.7999999999999999),
    (.gamma(shape: 40.0, scale: 0.1), 3.96671650106891, 0.4999999999999998, 0.5000000000000002),
    (.gamma(shape: 40.0, scale: 0.1), 4.520267426611498, 0.8, 0.1999999999999999),
    (.gamma(shape: 40.0, scale: 0.1), 9.024007916120523, 0.999999999, 9.99999971718083e-10),
    (.gamma(shape: 1000.0, scale: 1.0), 856.8146512793919, 1.0000000000000038e-06, 0.999999),
    (.gamma(shape: 1000.0, scale: 1.0), 973.293038491621, 0.19999999999999948, 0.8000000000000005),
    (.gamma(shape: 1000.0, scale: 1.0), 999.6666864269652, 0.49999999999999967, 0.5000000000000003),
    (.gamma(shape: 1000.0, scale: 1.0), 1026.5125359294482, 0.7999999999999998, 0.20000000000000018),
    (.gamma(shape: 1000.0, scale: 1.0), 1201.4728731116943, 0.999999999, 9.99999971718086e-10),
    (.beta(alpha: 0.5, beta: 0.5), 2.46740110027031e-12, 1e-06, 0.9999989999999849),
    (.beta(alpha: 0.5, beta: 0.5), 0.09549150281252627, 0.2, 0.8),
    (.beta(alpha: 0.5, beta: 0.5), 0.4999999999999999, 0.49999999999999994, 0.5000000000000001),
    (.beta(alpha: 0.5, beta: 0.5), 0.9045084971874736, 0.8, 0.2000000000000001),
    (.beta(alpha: 0.5, beta: 0.5), 1.0, 1.0, 0.0),
    (.beta(alpha: 2.0, beta: 3.0), 0.0004083594602042573, 1.0000000000000002e-06, 0.999999),
    (.beta(alpha: 2.0, beta: 3.0), 0.21231712827795127, 0.20000000000000007, 0.7999999999999999),
    (.beta(alpha: 2.0, beta: 3.0), 0.3857275681323895, 0.4999999999999999, 0.5000000000000001),
    (.beta(alpha: 2.0, beta: 3.0), 0.5824535745243333, 0.8, 0.19999999999999993),
    (.beta(alpha: 2.0, beta: 3.0), 0.9993699402215238, 0.999999999, 9.99999971717975e-10),
    (.beta(alpha: 0.2, beta: 7.0), 9.878052693955077e-32, 1e-06, 0.999999),
    (.beta(alpha: 0.2, beta: 7.0), 3.161476555627198e-05, 0.19999999999999998, 0.8),
    (.beta(alpha: 0.2, beta: 7.0), 0.003135535088631641, 0.5000000000000001, 0.4999999999999999),
    (.beta(alpha: 0.2, beta: 7.0), 0.03910135111054373, 0.8000000000000002, 0.19999999999999993),
    (.beta(alpha: 0.2, beta: 7.0), 0.920100881428356, 0.9999999989999999, 9.999999717180673e-10),
    (.beta(alpha: 30.0, beta: 40.0), 0.18125550765383666, 9.999999999999947e-07, 0.999999),
    (.beta(alpha: 30.0, beta: 40.0), 0.3785556556397189, 0.20000000000000262, 0.7999999999999977),
    (.beta(alpha: 30.0, beta: 40.0), 0.42788733600559364, 0.5000000000000011, 0.5000000000000003),
    (.beta(alpha: 30.0, beta: 40.0), 0.47819776594800645, 0.8000000000000003, 0.19999999999999984),
    (.beta(alpha: 30.0, beta: 40.0), 0.7641128996743947, 0.999999999, 9.99999971718065e-10),
    (.beta(alpha: 1.5, beta: 0.8), 0.00012072669317259408, 9.999999999999995e-07, 0.999999),
    (.beta(alpha: 1.5, beta: 0.8), 0.39756387192917825, 0.19999999999999993, 0.8),
    (.beta(alpha: 1.5, beta: 0.8), 0.7013014044617064, 0.5, 0.4999999999999999),
    (.beta(alpha: 1.5, beta: 0.8), 0.91099129921352, 0.7999999999999999, 0.19999999999999996),
    (.beta(alpha: 1.5, beta: 0.8), 0.9999999999963513, 0.9999999989999883, 1.000011779340683e-09),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), -30.0, 0.010606402405535426, 0.9893935975944645),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), -4.0, 0.07797913037736932, 0.9220208696226306),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), -0.5, 0.35241638234956674, 0.6475836176504333),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), 0.1, 0.5317255174305535, 0.4682744825694465),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), 2.0, 0.8524163823495667, 0.14758361765043326),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), 8.0, 0.9604165758394344, 0.039583424160565546),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), -30.0, 0.00014553235457869768, 0.9998544676454213),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), -4.0, 0.019506487920659125, 0.9804935120793409),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), -0.5, 0.3288489599348574, 0.6711510400651426),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), 0.1, 0.5360967279687552, 0.4639032720312449),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), 2.0, 0.9213042521210171, 0.07869574787898295),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), 8.0, 0.9961716779344783, 0.0038283220655217234),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), -30.0, 1.0149389377255852e-05, 0.9999898506106227),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), -4.0, 0.02724504967118813, 0.9727549503288119),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), -0.5, 0.24351212402965466, 0.7564878759703453),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), 0.1, 0.3357745697094053, 0.6642254302905948),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), 2.0, 0.6808505641795355, 0.31914943582046457),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), 8.0, 0.9913577841073533, 0.008642215892646679),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), -30.0, 3.125895815304445e-24, 1.0),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), -4.0, 0.0001909228180418782, 0.9998090771819581),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), -0.5, 0.3103615024425636, 0.6896384975574363),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 0.1, 0.5394951941048645, 0.4605048058951356),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 2.0, 0.9726874775185085, 0.027312522481491547),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 8.0, 0.9999999968670887, 3.1329112378503795e-09),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), -30.0, 3.68926843611138e-197, 1.0),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), -4.0, 3.1693998778597706e-05, 0.9999683060012214),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), -0.5, 0.30853808882720896, 0.6914619111727911),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), 0.1, 0.5398277370466369, 0.46017226295336316),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), 2.0, 0.9772485182712467, 0.022751481728753256),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), 8.0, 0.9999999999999993, 6.286959938128173e-16),
    (.poisson(lambda: 0.5), 0.0, 0.6065306597126334, 0.3934693402873665),
    (.poisson(lambda: 0.5), 3.0, 0.9982483774437092, 0.001751622556290824),
    (.poisson(lambda: 0.5), 11.0, 0.9999999999996785, 3.214697303345178e-13),
    (.poisson(lambda: 7.0), 0.0, 0.0009118819655545164, 0.9990881180344455),
    (.poisson(lambda: 7.0), 3.0, 0.0817654162447216, 0.9182345837552784),
    (.poisson(lambda: 7.0), 7.0, 0.5987138355230368, 0.4012861644769632),
    (.poisson(lambda: 7.0), 13.0, 0.9871886071965797, 0.012811392803420236),
    (.poisson(lambda: 7.0), 24.0, 0.9999998926237467, 1.0737625327893324e-07),
    (.poisson(lambda: 120.0), 0.0, 7.667648073722046e-53, 1.0),
    (.poisson(lambda: 120.0), 60.0, 1.0224333905332421e-09, 0.9999999989775666),
    (.poisson(lambda: 120.0), 120.0, 0.5242530208352, 0.4757469791648001),
    (.poisson(lambda: 120.0), 183.0, 0.9999999642799846, 3.572001543911709e-08),
    (.poisson(lambda: 120.0), 250.0, 1.0, 1.3468939571310344e-25),
    (.lognormal(mu: 1.0, sigma: 0.5), 0.8494434259057597, 0.01, 0.99),
    (.lognormal(mu: 1.0, sigma: 0.5), 2.718281828459045, 0.5, 0.5),
    (.lognormal(mu: 1.0, sigma: 0.5), 6.961512779295911, 0.97, 0.02999999999999999),
    (.pert(min: 1.0, mode: 2.0, max: 5.0), 1.1307284488024116, 0.010000000000000016, 0.99),
    (.pert(min: 1.0, mode: 2.0, max: 5.0), 2.25524068182279, 0.5000000000000001, 0.49999999999999994),
    (.pert(min: 1.0, mode: 2.0, max: 5.0), 3.808328049282799, 0.97, 0.030000000000000023),
    (.triangular(min: 1.0, mode: 2.0, max: 5.0), 1.2, 0.009999999999999995, 0.99),
    (.triangular(min: 1.0, mode: 2.0, max: 5.0), 2.550510257216822, 0.5, 0.5),
    (.triangular(min: 1.0, mode: 2.0, max: 5.0), 4.3999999999999995, 0.9699999999999999, 0.030000000000000138),
]

/// (distribution, p, quantile) from scipy.stats 1.17.1 (normal: scipy.special.ndtri).
let quantileReferences: [(distribution: Distribution, p: Double, x: Double)] = [
    (.normal(mean: 0.0, sd: 1.0), 1e-300, -37.0470962993612),
    (.normal(mean: 0.0, sd: 1.0), 1e-100, -21.273453560965322),
    (.normal(mean: 0.0, sd: 1.0), 1e-20, -9.262340089798409),
    (.normal(mean: 0.0, sd: 1.0), 1e-10, -6.361340902404056),
    (.normal(mean: 0.0, sd: 1.0), 1e-05, -4.264890793922825),
    (.normal(mean: 0.0, sd: 1.0), 0.025, -1.9599639845400545),
    (.normal(mean: 0.0, sd: 1.0), 0.3, -0.5244005127080409),
    (.normal(mean: 0.0, sd: 1.0), 0.5, 0.0),
    (.normal(mean: 0.0, sd: 1.0), 0.7, 0.5244005127080407),
    (.normal(mean: 0.0, sd: 1.0), 0.975, 1.959963984540054),
    (.normal(mean: 0.0, sd: 1.0), 0.99999, 4.264890793923841),
    (.gamma(shape: 0.3, scale: 1.0), 1e-08, 1.5022224816458147e-27),
    (.gamma(shape: 0.3, scale: 1.0), 0.01, 1.5022226552360407e-07),
    (.gamma(shape: 0.3, scale: 1.0), 0.3, 0.012726657769948697),
    (.gamma(shape: 0.3, scale: 1.0), 0.5, 0.07313113586695198),
    (.gamma(shape: 0.3, scale: 1.0), 0.9, 0.8848107733602443),
    (.gamma(shape: 0.3, scale: 1.0), 0.999999, 10.984835632108625),
    (.gamma(shape: 2.5, scale: 2.0), 1e-08, 0.0020407372249365346),
    (.gamma(shape: 2.5, scale: 2.0), 0.01, 0.5542980767282772),
    (.gamma(shape: 2.5, scale: 2.0), 0.3, 2.9999081327599066),
    (.gamma(shape: 2.5, scale: 2.0), 0.5, 4.351460191095526),
    (.gamma(shape: 2.5, scale: 2.0), 0.9, 9.236356899781123),
    (.gamma(shape: 2.5, scale: 2.0), 0.999999, 35.88818687961042),
    (.gamma(shape: 40.0, scale: 0.1), 1e-08, 1.396096886892441),
    (.gamma(shape: 40.0, scale: 0.1), 0.01, 2.6770038645539365),
    (.gamma(shape: 40.0, scale: 0.1), 0.3, 3.6457671156938094),
    (.gamma(shape: 40.0, scale: 0.1), 0.5, 3.96671650106891),
    (.gamma(shape: 40.0, scale: 0.1), 0.9, 4.828910180763351),
    (.gamma(shape: 40.0, scale: 0.1), 0.999999, 7.754026115402883),
    (.gamma(shape: 1000.0, scale: 1.0), 1e-08, 832.5730405923672),
    (.gamma(shape: 1000.0, scale: 1.0), 0.01, 927.9081597966425),
    (.gamma(shape: 1000.0, scale: 1.0), 0.3, 983.1784467578987),
    (.gamma(shape: 1000.0, scale: 1.0), 0.5, 999.6666864269652),
    (.gamma(shape: 1000.0, scale: 1.0), 0.9, 1040.73430801369),
    (.gamma(shape: 1000.0, scale: 1.0), 0.999999, 1157.577911008724),
    (.beta(alpha: 0.5, beta: 0.5), 1e-08, 2.4674011002723397e-16),
    (.beta(alpha: 0.5, beta: 0.5), 0.01, 0.00024671981713422146),
    (.beta(alpha: 0.5, beta: 0.5), 0.3, 0.2061073738537634),
    (.beta(alpha: 0.5, beta: 0.5), 0.5, 0.4999999999999999),
    (.beta(alpha: 0.5, beta: 0.5), 0.9, 0.9755282581475768),
    (.beta(alpha: 0.5, beta: 0.5), 0.999999, 0.9999999999975326),
    (.beta(alpha: 2.0, beta: 3.0), 1e-08, 4.082594021609242e-05),
    (.beta(alpha: 2.0, beta: 3.0), 0.01, 0.04199863562170072),
    (.beta(alpha: 2.0, beta: 3.0), 0.3, 0.27238394207510536),
    (.beta(alpha: 2.0, beta: 3.0), 0.5, 0.3857275681323895),
    (.beta(alpha: 2.0, beta: 3.0), 0.9, 0.6795394162781817),
    (.beta(alpha: 2.0, beta: 3.0), 0.999999, 0.9936904263297945),
    (.beta(alpha: 0.2, beta: 7.0), 1e-08, 9.878052693955082e-42),
    (.beta(alpha: 0.2, beta: 7.0), 0.01, 9.878052694442923e-12),
    (.beta(alpha: 0.2, beta: 7.0), 0.3, 0.00024032522824386817),
    (.beta(alpha: 0.2, beta: 7.0), 0.5, 0.003135535088631641),
    (.beta(alpha: 0.2, beta: 7.0), 0.9, 0.08746234447636496),
    (.beta(alpha: 0.2, beta: 7.0), 0.999999, 0.788873808927889),
    (.beta(alpha: 30.0, beta: 40.0), 1e-08, 0.1479950061368319),
    (.beta(alpha: 30.0, beta: 40.0), 0.01, 0.2961130991964492),
    (.beta(alpha: 30.0, beta: 40.0), 0.3, 0.39698703679444164),
    (.beta(alpha: 30.0, beta: 40.0), 0.5, 0.42788733600559364),
    (.beta(alpha: 30.0, beta: 40.0), 0.9, 0.504629244871047),
    (.beta(alpha: 30.0, beta: 40.0), 0.999999, 0.7029297541526862),
    (.beta(alpha: 1.5, beta: 0.8), 1e-08, 5.603688320729597e-06),
    (.beta(alpha: 1.5, beta: 0.8), 0.01, 0.05578211980055594),
    (.beta(alpha: 1.5, beta: 0.8), 0.3, 0.5135579893456022),
    (.beta(alpha: 1.5, beta: 0.8), 0.5, 0.7013014044617064),
    (.beta(alpha: 1.5, beta: 0.8), 0.9, 0.9631336462313163),
    (.beta(alpha: 1.5, beta: 0.8), 0.999999, 0.9999999794818843),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), 1e-08, -31830988.61837906),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), 0.01, -31.82051595377396),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), 0.3, -0.7265425280053609),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), 0.5, 0.0),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), 0.9, 3.0776835371752544),
    (.studentT(df: 1.0, loc: 0.0, scale: 1.0), 0.999999, 318309.88617359026),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), 1e-08, -1389.227583027538),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), 0.01, -5.353111173030874),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), 0.3, -0.597307738252318),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), 0.5, 0.0),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), 0.9, 1.7302509288071766),
    (.studentT(df: 2.5, loc: 0.0, scale: 1.0), 0.999999, 220.17342917570426),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), 1e-08, -123.8090122219346),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), 0.01, -5.729859997814436),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), 0.3, -0.11885928893872078),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), 0.5, 1.0),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), 0.9, 3.951768097648963),
    (.studentT(df: 5.0, loc: 1.0, scale: 2.0), 0.999999, 50.542059440744985),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 1e-08, -7.556534651885402),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 0.01, -2.4572615424005915),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 0.3, -0.5300190039065046),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 0.5, 0.0),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 0.9, 1.3104150253913955),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 0.999999, 5.871117120408624),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), 1e-08, -5.612457174881714),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), 0.01, -2.3263851653552683),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), 0.3, -0.5244021842335457),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), 0.5, 0.0),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), 0.9, 1.2815600314493614),
    (.studentT(df: 100000.0, loc: 0.0, scale: 1.0), 0.999999, 4.753704716385476),
    (.poisson(lambda: 0.5), 0.001, 0.0),
    (.poisson(lambda: 0.5), 0.1, 0.0),
    (.poisson(lambda: 0.5), 0.5, 0.0),
    (.poisson(lambda: 0.5), 0.9, 1.0),
    (.poisson(lambda: 0.5), 0.999, 4.0),
    (.poisson(lambda: 7.0), 0.001, 1.0),
    (.poisson(lambda: 7.0), 0.1, 4.0),
    (.poisson(lambda: 7.0), 0.5, 7.0),
    (.poisson(lambda: 7.0), 0.9, 10.0),
    (.poisson(lambda: 7.0), 0.999, 16.0),
    (.poisson(lambda: 120.0), 0.001, 88.0),
    (.poisson(lambda: 120.0), 0.1, 106.0),
    (.poisson(lambda: 120.0), 0.5, 120.0),
    (.poisson(lambda: 120.0), 0.9, 134.0),
    (.poisson(lambda: 120.0), 0.999, 155.0),
    (.lognormal(mu: 1.0, sigma: 0.5), 0.001, 0.5797744368398611),
    (.lognormal(mu: 1.0, sigma: 0.5), 0.2, 1.7845912246608708),
    (.lognormal(mu: 1.0, sigma: 0.5), 0.5, 2.718281828459045),
    (.lognormal(mu: 1.0, sigma: 0.5), 0.8, 4.140475419145248),
    (.lognormal(mu: 1.0, sigma: 0.5), 0.999, 12.744708337272852),
    (.pert(min: 1.0, mode: 2.0, max: 5.0), 0.001, 1.040407151534951),
    (.pert(min: 1.0, mode: 2.0, max: 5.0), 0.2, 1.6744353958357032),
    (.pert(min: 1.0, mode: 2.0, max: 5.0), 0.5, 2.25524068182279),
    (.pert(min: 1.0, mode: 2.0, max: 5.0), 0.8, 2.9607693718887775),
    (.pert(min: 1.0, mode: 2.0, max: 5.0), 0.999, 4.511944681554086),
    (.triangular(min: 1.0, mode: 2.0, max: 5.0), 0.001, 1.0632455532033676),
    (.triangular(min: 1.0, mode: 2.0, max: 5.0), 0.2, 1.8944271909999157),
    (.triangular(min: 1.0, mode: 2.0, max: 5.0), 0.5, 2.550510257216822),
    (.triangular(min: 1.0, mode: 2.0, max: 5.0), 0.8, 3.450806661517033),
    (.triangular(min: 1.0, mode: 2.0, max: 5.0), 0.999, 4.890455488498967),
]

/// Extreme-tail quantiles (distribution, p, quantile) from mpmath 1.3.0 at 50 digits (bisection on the
/// log scale of mpmath.gammainc / betainc); scipy is not accurate this far out.
let extremeQuantileReferences: [(distribution: Distribution, p: Double, x: Double)] = [
    (.gamma(shape: 0.3, scale: 1.0), 1e-300, 0.0),
    (.gamma(shape: 0.3, scale: 1.0), 1e-100, 0.0),
    (.gamma(shape: 0.3, scale: 1.0), 1e-30, 6.972699096409304e-101),
    (.gamma(shape: 2.5, scale: 1.0), 1e-300, 1.616703890291564e-120),
    (.gamma(shape: 2.5, scale: 1.0), 1e-100, 1.6167038902915641e-40),
    (.gamma(shape: 2.5, scale: 1.0), 1e-30, 1.616703890292311e-12),
    (.gamma(shape: 40.0, scale: 1.0), 1e-300, 4.986446134493287e-07),
    (.gamma(shape: 40.0, scale: 1.0), 1e-100, 0.049925216205635725),
    (.gamma(shape: 40.0, scale: 1.0), 1e-30, 3.0180815956159863),
    (.beta(alpha: 2.0, beta: 3.0), 1e-300, 4.08248290463863e-151),
    (.beta(alpha: 2.0, beta: 3.0), 1e-100, 4.08248290463863e-51),
    (.beta(alpha: 2.0, beta: 3.0), 1e-30, 4.0824829046386317e-16),
    (.beta(alpha: 30.0, beta: 40.0), 1e-300, 2.2387105121286788e-11),
    (.beta(alpha: 30.0, beta: 40.0), 1e-100, 0.00010392532460487277),
    (.beta(alpha: 30.0, beta: 40.0), 1e-30, 0.02305314633262246),
    (.beta(alpha: 0.5, beta: 0.5), 1e-300, 0.0),
    (.beta(alpha: 0.5, beta: 0.5), 1e-100, 2.4674011002723397e-200),
    (.beta(alpha: 0.5, beta: 0.5), 1e-30, 2.4674011002723401e-60),
    (.studentT(df: 0.5, loc: 0.0, scale: 1.0), 1e-100, -1.02849115631634e+199),
    (.studentT(df: 0.5, loc: 0.0, scale: 1.0), 1e-30, -1.02849115631634e+59),
    (.studentT(df: 3.0, loc: 0.0, scale: 1.0), 1e-100, -2.225769823822442e+33),
    (.studentT(df: 3.0, loc: 0.0, scale: 1.0), 1e-30, -10331108360.44653),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 1e-100, -10810.645001143976),
    (.studentT(df: 30.0, loc: 0.0, scale: 1.0), 1e-30, -49.88819553304385),
]

/// (distribution, mean, variance): scipy.stats 1.17.1; truncated normal by scipy.stats.truncnorm, other
/// truncations by scipy.integrate.quad of x·f(x)/Z and (x − m)²·f(x)/Z (epsrel 1e-13).
let momentReferences: [(distribution: Distribution, mean: Double, variance: Double)] = [
    (.normal(mean: -3.0, sd: 0.5), -3.0, 0.25),
    (.lognormal(mu: 0.2, sigma: 0.9), 1.8312522088857734, 4.1848402811129),
    (.uniform(min: 2.0, max: 7.0), 4.5, 2.083333333333333),
    (.pert(min: 0.0, mode: 3.0, max: 12.0), 4.0, 4.571428571428571),
    (.beta(alpha: 0.7, beta: 2.2), 0.24137931034482754, 0.04695265099545716),
    (.gamma(shape: 3.3, scale: 1.7), 5.609999999999999, 9.536999999999999),
    (.studentT(df: 7.0, loc: 2.0, scale: 3.0), 2.0, 12.599999999999998),
    (.poisson(lambda: 13.5), 13.5, 13.5),
    (.triangular(min: -2.0, mode: 0.5, max: 4.0), 0.8333333333333335, 1.5138888888888888),
    (.truncated(.normal(mean: 1.0, sd: 2.0), min: -1.0, max: 4.0), 1.2903748943050524, 1.6627400246295574),
    (.truncated(.normal(mean: 0.0, sd: 1.0), min: 1.5, max: .infinity), 1.9386771666225433, 0.1495465935502024),
    (.truncated(.normal(mean: 0.0, sd: 1.0), min: -.infinity, max: -3.0), -3.28309865493044, 0.07055918678525586),
    (.truncated(.normal(mean: 0.0, sd: 1.0), min: 4.0, max: 6.0), 4.225546931806202, 0.04655715784038472),
    (.truncated(.lognormal(mu: 0.0, sigma: 0.5), min: 0.8, max: 2.0), 1.2307874579470621, 0.09706415148131046),
    (.truncated(.lognormal(mu: 0.0, sigma: 1.0), min: 2.0, max: .infinity), 4.191037639681025, 9.810030918204191),
    (.truncated(.gamma(shape: 2.0, scale: 1.0), min: 1.0, max: .infinity), 2.4999999999999996, 1.7499999999999996),
    (.truncated(.gamma(shape: 0.5, scale: 2.0), min: 0.0, max: 1.0), 0.29112509477279314, 0.07974655828470525),
    (.truncated(.beta(alpha: 2.0, beta: 5.0), min: 0.1, max: 0.5), 0.2751838248824183, 0.011451902165958077),
    (.truncated(.studentT(df: 3.0, loc: 0.0, scale: 1.0), min: -2.0, max: 2.0), 0.0, 0.8037323893416009),
    (.truncated(.studentT(df: 4.5, loc: 0.0, scale: 1.0), min: 0.0, max: .infinity), 0.9708346821390829, 0.857480019955906),
    (.truncated(.pert(min: 0.0, mode: 3.0, max: 12.0), min: 2.0, max: 8.0), 4.4170905391658195, 2.432633360353742),
    (.truncated(.triangular(min: -2.0, mode: 0.5, max: 4.0), min: 0.0, max: 10.0), 1.3787878787878782, 0.8678833792470148),
    (.truncated(.poisson(lambda: 6.0), min: 3.0, max: 9.0), 5.829850746268657, 3.096422365783025),
    (.mixture(components: [.normal(mean: 0.0, sd: 1.0), .gamma(shape: 2.0, scale: 1.0)], weights: [2.0, 1.0]), 0.6666666666666666, 2.222222222222222),
]
/*
The generator (Python 3, numpy, scipy, mpmath), kept here for provenance. Run it from the
repository's root (or give the output file as its argument); it rewrites this file.

# Generates Tests/OfftakeRandomTests/ReferenceData.swift (development only).
import sys
import numpy as np, scipy, mpmath as mp
from scipy import stats, integrate, optimize
mp.mp.dps = 50
INF = float('inf')

def sw(x):
    if x == INF: return '.infinity'
    if x == -INF: return '-.infinity'
    if isinstance(x, (int,)) : return repr(float(x))
    return repr(float(x))

class Frozen:
    def __init__(self, swift, d, discrete=False):
        self.swift, self.d, self.discrete = swift, d, discrete
    def cdf(self, x): return float(self.d.cdf(x))
    def sf(self, x): return float(self.d.sf(x))
    def ppf(self, p): return float(self.d.ppf(p))
    def moments(self):
        m = float(self.d.mean()); v = float(self.d.var())
        k = float(self.d.stats(moments='k'))
        mu4 = (k + 3) * v * v
        return m, v, mu4

class Discrete(Frozen):
    def __init__(self, values, weights):
        order = np.argsort(values)
        v = np.array(values, float)[order]; w = np.array(weights, float)[order]; w = w/w.sum()
        self.v, self.w = v, w
        self.swift = f".discrete(values: [{', '.join(sw(x) for x in values)}], weights: [{', '.join(sw(x) for x in weights)}])"
        self.discrete = True
    def cdf(self, x): return float(self.w[self.v <= x].sum())
    def sf(self, x): return float(self.w[self.v > x].sum())
    def ppf(self, p):
        c = np.cumsum(self.w)
        return float(self.v[np.searchsorted(c, p - 1e-15)])
    def moments(self):
        m = float((self.v*self.w).sum()); var = float(((self.v-m)**2*self.w).sum()); mu4 = float(((self.v-m)**4*self.w).sum())
        return m, var, mu4

class Mixture:
    def __init__(self, comps, weights, discrete=False):
        self.c, self.w = comps, np.array(weights, float)/sum(weights)
        self.swift = f".mixture(components: [{', '.join(c.swift for c in comps)}], weights: [{', '.join(sw(x) for x in weights)}])"
        self.discrete = discrete
    def cdf(self, x): return float(sum(w*c.cdf(x) for c, w in zip(self.c, self.w)))
    def sf(self, x): return float(sum(w*c.sf(x) for c, w in zip(self.c, self.w)))
    def ppf(self, p):
        qs = [c.ppf(p) for c in self.c]
        lo, hi = min(qs), max(qs)
        if self.discrete:
            k = np.floor(lo)
            while self.cdf(k) < p - 1e-15: k += 1
            return float(k)
        return optimize.brentq(lambda x: self.cdf(x) - p, lo, hi, xtol=1e-15, rtol=1e-15)
    def moments(self):
        ms = [c.moments() for c in self.c]
        m = sum(w*mm[0] for mm, w in zip(ms, self.w))
        # raw moments about m
        if self.discrete:
            ks = np.arange(0, 200)
            pm = np.array([self.cdf(k) - self.cdf(k-1) for k in ks])
            v = float(np.sum(pm*(ks-m)**2)); mu4 = float(np.sum(pm*(ks-m)**4))
            return float(m), v, mu4
        v = sum(w*c.d.expect(lambda x: (x-m)**2, epsrel=1e-13) for c, w in zip(self.c, self.w))
        mu4 = sum(w*c.d.expect(lambda x: (x-m)**4, epsrel=1e-13) for c, w in zip(self.c, self.w))
        return float(m), float(v), float(mu4)

class Truncated:
    def __init__(self, base, a, b):
        self.base, self.a, self.b = base, a, b
        self.swift = f".truncated({base.swift}, min: {sw(a)}, max: {sw(b)})"
        self.discrete = base.discrete
        self.Fa = base.cdf(np.ceil(a) - 1) if base.discrete else base.cdf(a)
        self.Fb = base.cdf(b)
        self.Z = self.Fb - self.Fa
    def cdf(self, x):
        if x < self.a: return 0.0
        if x >= self.b: return 1.0
        return (self.base.cdf(x) - self.Fa)/self.Z
    def sf(self, x): return 1 - self.cdf(x)
    def ppf(self, p): return float(self.base.ppf(self.Fa + p*self.Z))
    def moments(self):
        if self.discrete:
            ks = np.arange(np.ceil(self.a), np.floor(self.b)+1)
            pm = self.base.d.pmf(ks); pm = pm/pm.sum()
            m = float((ks*pm).sum()); return m, float(((ks-m)**2*pm).sum()), float(((ks-m)**4*pm).sum())
        f = lambda x: self.base.d.pdf(x)/self.Z
        m = integrate.quad(lambda x: x*f(x), self.a, self.b, epsrel=1e-13, epsabs=0, limit=200)[0]
        v = integrate.quad(lambda x: (x-m)**2*f(x), self.a, self.b, epsrel=1e-13, epsabs=0, limit=200)[0]
        mu4 = integrate.quad(lambda x: (x-m)**4*f(x), self.a, self.b, epsrel=1e-13, epsabs=0, limit=200)[0]
        return m, v, mu4

def pert(a, c, b):
    al = 1 + 4*(c-a)/(b-a); be = 1 + 4*(b-c)/(b-a)
    return Frozen(f".pert(min: {sw(a)}, mode: {sw(c)}, max: {sw(b)})", stats.beta(al, be, loc=a, scale=b-a))

N = lambda m, s: Frozen(f".normal(mean: {sw(m)}, sd: {sw(s)})", stats.norm(m, s))
LN = lambda mu, s: Frozen(f".lognormal(mu: {sw(mu)}, sigma: {sw(s)})", stats.lognorm(s, scale=np.exp(mu)))
G = lambda k, th: Frozen(f".gamma(shape: {sw(k)}, scale: {sw(th)})", stats.gamma(k, scale=th))
B = lambda a, b: Frozen(f".beta(alpha: {sw(a)}, beta: {sw(b)})", stats.beta(a, b))
T = lambda nu, loc, sc: Frozen(f".studentT(df: {sw(nu)}, loc: {sw(loc)}, scale: {sw(sc)})", stats.t(nu, loc=loc, scale=sc))
P = lambda lam: Frozen(f".poisson(lambda: {sw(lam)})", stats.poisson(lam), True)
C = lambda c: Frozen(f".constant({sw(c)})", stats.randint(int(c), int(c)+1), True)

families = [
    ("normal", N(10, 2)),
    ("lognormal", LN(0.5, 0.4)),
    ("uniform", Frozen(".uniform(min: -1.0, max: 3.0)", stats.uniform(-1, 4))),
    ("triangular", Frozen(".triangular(min: 1.0, mode: 2.0, max: 5.0)", stats.triang(0.25, loc=1, scale=4))),
    ("pert", pert(10, 14, 30)),
    ("beta(2,5)", B(2, 5)),
    ("beta(0.5,0.5)", B(0.5, 0.5)),
    ("gamma(0.7,3)", G(0.7, 3)),
    ("gamma(9,0.5)", G(9, 0.5)),
    ("studentT(10)", T(10, 1, 2)),
    ("bernoulli", Frozen(".bernoulli(p: 0.3)", stats.bernoulli(0.3), True)),
    ("poisson(4.5)", P(4.5)),
    ("poisson(250)", P(250)),
    ("discrete", Discrete([5, 1, 2.5, 10], [2, 1, 3, 0.5])),
    ("mixture(normal,lognormal)", Mixture([N(0, 1), LN(1, 0.5)], [1, 3])),
    ("mixture(poisson,constant)", Mixture([P(2), C(10)], [0.8, 0.2], discrete=True)),
    ("truncated(normal)", Truncated(N(0, 1), -0.5, 2)),
    ("truncated(gamma)", Truncated(G(2, 1), 1, INF)),
    ("truncated(poisson)", Truncated(P(3), 2, 6)),
    ("truncated(lognormal)", Truncated(LN(0, 1), 0.5, 5)),
]
levels = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]
out = []
out.append("// Generated at development time by a Python script (numpy %s, scipy %s, mpmath %s);" % (np.__version__, scipy.__version__, mp.__version__))
out.append("// values are independent of this package's code. Do not edit by hand.")
out.append("")
out.append("import OfftakeRandom\nimport Testing")
out.append("")
out.append("/// A distribution with its exact mean, variance, 4th central moment and quantiles")
out.append("/// (scipy.stats %s frozen distributions; mixtures/truncations by scipy.integrate.quad and brentq)." % scipy.__version__)
out.append("struct FamilyReference: Sendable, CustomTestStringConvertible {")
out.append("    let name: String")
out.append("    let distribution: Distribution")
out.append("    let mean: Double")
out.append("    let variance: Double")
out.append("    let fourthCentralMoment: Double")
out.append("    /// (p, exact p-quantile) at 1, 5, 10, 25, 50, 75, 90, 95, 99 %.")
out.append("    let quantiles: [(p: Double, x: Double)]")
out.append("    var testDescription: String { name }")
out.append("}")
out.append("")
out.append("let familyReferences: [FamilyReference] = [")
for name, f in families:
    m, v, mu4 = f.moments()
    qs = ', '.join(f"({sw(p)}, {sw(f.ppf(p))})" for p in levels)
    out.append(f"    FamilyReference(")
    out.append(f"        name: \"{name}\",")
    out.append(f"        distribution: {f.swift},")
    out.append(f"        mean: {sw(m)}, variance: {sw(v)}, fourthCentralMoment: {sw(mu4)},")
    out.append(f"        quantiles: [{qs}]),")
out.append("]")
out.append("")

# cdf / quantile tables (scipy)
cdfrows = []
def addcdf(f, xs):
    for x in xs: cdfrows.append((f.swift, x, f.cdf(x), f.sf(x)))
qrows = []
def addq(f, ps):
    for p in ps: qrows.append((f.swift, p, f.ppf(p)))
stdn = N(0, 1)
addcdf(stdn, [-37.5, -20.0, -10.0, -5.0, -1.5, 0.0, 0.5, 2.0, 6.0, 20.0, 37.5])
qrows += [(stdn.swift, p, float(stats.norm.ppf(p))) for p in [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.025, 0.3, 0.5, 0.7, 0.975, 0.99999]]
for f in [G(0.3, 1), G(2.5, 2), G(40, 0.1), G(1000, 1)]:
    ps = [1e-8, 0.01, 0.3, 0.5, 0.9, 0.999999]
    addq(f, ps); addcdf(f, [f.ppf(p) for p in [1e-6, 0.2, 0.5, 0.8, 1 - 1e-9]])
for f in [B(0.5, 0.5), B(2, 3), B(0.2, 7), B(30, 40), B(1.5, 0.8)]:
    ps = [1e-8, 0.01, 0.3, 0.5, 0.9, 0.999999]
    addq(f, ps); addcdf(f, [f.ppf(p) for p in [1e-6, 0.2, 0.5, 0.8, 1 - 1e-9]])
for f in [T(1, 0, 1), T(2.5, 0, 1), T(5, 1, 2), T(30, 0, 1), T(1e5, 0, 1)]:
    ps = [1e-8, 0.01, 0.3, 0.5, 0.9, 0.999999]
    addq(f, ps); addcdf(f, [-30.0, -4.0, -0.5, 0.1, 2.0, 8.0])
for f in [P(0.5), P(7), P(120)]:
    addq(f, [0.001, 0.1, 0.5, 0.9, 0.999])
    mu = f.d.mean()
    addcdf(f, [float(k) for k in sorted(set([0, np.floor(mu/2), np.floor(mu), np.floor(mu*1.5+3), np.floor(mu*2+10)]))])
for f in [LN(1, 0.5), pert(1, 2, 5), Frozen(".triangular(min: 1.0, mode: 2.0, max: 5.0)", stats.triang(0.25, loc=1, scale=4))]:
    addq(f, [0.001, 0.2, 0.5, 0.8, 0.999]); addcdf(f, [f.ppf(p) for p in [0.01, 0.5, 0.97]])

out.append("/// (distribution, x, P(X ≤ x), P(X > x)) from scipy.stats %s." % scipy.__version__)
out.append("let cdfReferences: [(distribution: Distribution, x: Double, cdf: Double, sf: Double)] = [")
for s, x, c, q in cdfrows:
    out.append(f"    ({s}, {sw(x)}, {sw(c)}, {sw(q)}),")
out.append("]")
out.append("")
out.append("/// (distribution, p, quantile) from scipy.stats %s (normal: scipy.special.ndtri)." % scipy.__version__)
out.append("let quantileReferences: [(distribution: Distribution, p: Double, x: Double)] = [")
for s, p, x in qrows:
    out.append(f"    ({s}, {sw(p)}, {sw(x)}),")
out.append("]")
out.append("")

# extreme tails by mpmath bisection on the log scale (scipy is unreliable there)
ext = []
def bis(f, lo, hi, target, n=300):
    for _ in range(n):
        m = (lo+hi)/2
        if f(m) < target: lo = m
        else: hi = m
    return hi
for a in [0.3, 2.5, 40.0]:
    for p in [1e-300, 1e-100, 1e-30]:
        y = bis(lambda y: mp.gammainc(a, 0, mp.e**y, regularized=True), mp.mpf(-2400), mp.mpf(10), p)
        ext.append((G(a, 1).swift, p, float(mp.e**y)))
for a, b in [(2.0, 3.0), (30.0, 40.0), (0.5, 0.5)]:
    for p in [1e-300, 1e-100, 1e-30]:
        y = bis(lambda y: mp.betainc(a, b, 0, mp.e**y, regularized=True), mp.mpf(-2000), mp.mpf(0), p)
        ext.append((B(a, b).swift, p, float(mp.e**y)))
for nu in [0.5, 3.0, 30.0]:
    for p in [1e-100, 1e-30]:
        def tl(y):
            t = mp.e**y; return -0.5*mp.betainc(nu/2, 0.5, 0, nu/(nu+t*t), regularized=True)
        y = bis(tl, mp.mpf(-5), mp.mpf(1000), -p)
        ext.append((T(nu, 0, 1).swift, p, -float(mp.e**y)))
out.append("/// Extreme-tail quantiles (distribution, p, quantile) from mpmath %s at 50 digits (bisection on the" % mp.__version__)
out.append("/// log scale of mpmath.gammainc / betainc); scipy is not accurate this far out.")
out.append("let extremeQuantileReferences: [(distribution: Distribution, p: Double, x: Double)] = [")
for s, p, x in ext:
    out.append(f"    ({s}, {sw(p)}, {sw(x)}),")
out.append("]")
out.append("")

# closed-form moments of each family (scipy)
mom = []
for f in [N(-3, 0.5), LN(0.2, 0.9), Frozen(".uniform(min: 2.0, max: 7.0)", stats.uniform(2, 5)), pert(0, 3, 12), B(0.7, 2.2), G(3.3, 1.7), T(7, 2, 3), P(13.5)]:
    mom.append((f.swift, float(f.d.mean()), float(f.d.var())))
tri = Frozen(".triangular(min: -2.0, mode: 0.5, max: 4.0)", stats.triang(2.5/6, loc=-2, scale=6)); mom.append((tri.swift, float(tri.d.mean()), float(tri.d.var())))
# truncated moments
trn = [
    (N(1, 2), -1.0, 4.0), (N(0, 1), 1.5, INF), (N(0, 1), -INF, -3.0), (N(0, 1), 4.0, 6.0),
    (LN(0, 0.5), 0.8, 2.0), (LN(0, 1), 2.0, INF),
    (G(2, 1), 1.0, INF), (G(0.5, 2), 0.0, 1.0), (B(2, 5), 0.1, 0.5), (T(3, 0, 1), -2.0, 2.0), (T(4.5, 0, 1), 0.0, INF),
    (pert(0, 3, 12), 2.0, 8.0), (Frozen(".triangular(min: -2.0, mode: 0.5, max: 4.0)", stats.triang(2.5/6, loc=-2, scale=6)), 0.0, 10.0),
]
for base, a, b in trn:
    t = Truncated(base, a, b)
    if base.swift.startswith(".normal"):
        mu, s = base.d.mean(), base.d.std()
        tn = stats.truncnorm((a-mu)/s, (b-mu)/s, loc=mu, scale=s)
        mom.append((t.swift, float(tn.mean()), float(tn.var())))
    else:
        m, v, _ = t.moments()
        mom.append((t.swift, m, v))
t = Truncated(P(6), 3, 9); m, v, _ = t.moments(); mom.append((t.swift, m, v))
mx = Mixture([N(0, 1), G(2, 1)], [2, 1]); m, v, _ = mx.moments(); mom.append((mx.swift, m, v))
out.append("/// (distribution, mean, variance): scipy.stats %s; truncated normal by scipy.stats.truncnorm, other" % scipy.__version__)
out.append("/// truncations by scipy.integrate.quad of x·f(x)/Z and (x − m)²·f(x)/Z (epsrel 1e-13).")
out.append("let momentReferences: [(distribution: Distribution, mean: Double, variance: Double)] = [")
for s, m, v in mom:
    out.append(f"    ({s}, {sw(m)}, {sw(v)}),")
out.append("]")
script = open(__file__).read()
out.append('/*')
out.append('The generator (Python 3, numpy, scipy, mpmath), kept here for provenance. Run it from the')
out.append("repository's root (or give the output file as its argument); it rewrites this file.")
out.append('')
out.append(script.rstrip())
out.append('*/')
open(sys.argv[1] if len(sys.argv) > 1 else 'Tests/OfftakeRandomTests/ReferenceData.swift', 'w').write('\n'.join(out) + '\n')
print('ok', len(cdfrows), len(qrows), len(ext), len(mom))
*/
