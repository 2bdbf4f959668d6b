#!/usr/bin/python3
"""Golden fixtures for joules.regression, computed with scikit-learn.

Run with Debian's interpreter (it has scikit-learn 1.2):
    /usr/bin/python3 scripts/golden-sklearn/make_fixtures.py

Writes small text files into regression/src/test/resources/golden/:
  svr-<case>.txt     epsilon-SVR (libsvm through sklearn.svm.SVR) fitted on standardised data
  linear-<case>.txt  least squares with intercept (sklearn LinearRegression)
  poly2-<case>.txt   StandardScaler + PolynomialFeatures(2) + LinearRegression
  metrics.txt        r2_score and mean_squared_error on a few prediction sets

Standardisation is the one joules uses: z = (v - mean) / std with the population std
(ddof = 0) of the training points, for every input column and, for SVR, for the target too;
the SVR prediction is mapped back with y = z * std + mean.

File format (whitespace separated, '#' starts a comment line):
  key value            one line per setting (kernel, C, epsilon, gamma)
  train N K            then N lines of K inputs and the target
  test M K             then M lines of K inputs and the expected prediction
"""
import os
import numpy as np
import sklearn
from sklearn.svm import SVR
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.metrics import r2_score, mean_squared_error

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "regression", "src", "test", "resources", "golden")


def energy_pair(rng, n, exponent, noise):
    """Energies on hardware X (log-uniform, 10 J .. 50 kJ) and a power law to hardware Y with noise."""
    x = np.exp(rng.uniform(np.log(10.0), np.log(5e4), n))
    y = 0.7 * x ** exponent * np.exp(rng.normal(0.0, noise, n))
    return x.reshape(-1, 1), y


def datasets():
    rng = np.random.default_rng(20240611)
    sets = {}
    x, y = energy_pair(rng, 43, 0.92, 0.15)
    sets["powerlaw"] = (x[:34], y[:34], x[34:], y[34:])
    x = rng.uniform(-3.0, 3.0, (40, 1))
    y = np.sin(x[:, 0]) * 4.0 + 0.3 * x[:, 0] + rng.normal(0.0, 0.2, 40)
    sets["sine"] = (x[:30], y[:30], x[30:], y[30:])
    e, _ = energy_pair(rng, 43, 1.0, 0.0)
    flops = np.exp(rng.uniform(np.log(1e6), np.log(1e11), 43))
    params = np.exp(rng.uniform(np.log(1e4), np.log(1e8), 43))
    x = np.column_stack([e[:, 0], flops, params])
    y = 0.5 * e[:, 0] + 2e-8 * flops + 1e-5 * params + rng.normal(0.0, 50.0, 43)
    sets["three"] = (x[:34], y[:34], x[34:], y[34:])
    x, y = energy_pair(rng, 9, 1.1, 0.3)
    sets["tiny"] = (x[:6], y[:6], x[6:], y[6:])
    return sets


SVR_CASES = [
    # case name, data set, kernel, C, epsilon, gamma ("scale" = sklearn's default)
    ("powerlaw-rbf-c1", "powerlaw", "rbf", 1.0, 0.1, "scale"),
    ("powerlaw-rbf-c100", "powerlaw", "rbf", 100.0, 0.01, 0.5),
    ("powerlaw-rbf-c1000-g5", "powerlaw", "rbf", 1000.0, 0.05, 5.0),
    ("powerlaw-rbf-c0.1-eps0.5", "powerlaw", "rbf", 0.1, 0.5, 1.0),
    ("powerlaw-linear-c10", "powerlaw", "linear", 10.0, 0.1, "scale"),
    ("powerlaw-linear-c0.05", "powerlaw", "linear", 0.05, 0.2, "scale"),
    ("sine-rbf-c10", "sine", "rbf", 10.0, 0.1, "scale"),
    ("sine-rbf-c300-g3", "sine", "rbf", 300.0, 0.02, 3.0),
    ("sine-linear-c1", "sine", "linear", 1.0, 0.1, "scale"),
    ("three-rbf-c10", "three", "rbf", 10.0, 0.05, "scale"),
    ("three-rbf-c1000-g0.1", "three", "rbf", 1000.0, 0.01, 0.1),
    ("three-linear-c100", "three", "linear", 100.0, 0.01, "scale"),
    ("tiny-rbf-c10", "tiny", "rbf", 10.0, 0.1, "scale"),
    ("tiny-linear-c1", "tiny", "linear", 1.0, 0.3, "scale"),
]


def fmt(v):
    return repr(float(v))


def write_case(path, settings, x_train, y_train, x_test, y_expected):
    with open(path, "w") as f:
        f.write("# written by scripts/golden-sklearn/make_fixtures.py with scikit-learn %s\n" % sklearn.__version__)
        for key, value in settings:
            f.write("%s %s\n" % (key, value))
        f.write("train %d %d\n" % x_train.shape)
        for row, target in zip(x_train, y_train):
            f.write(" ".join(fmt(v) for v in row) + " " + fmt(target) + "\n")
        f.write("test %d %d\n" % x_test.shape)
        for row, target in zip(x_test, y_expected):
            f.write(" ".join(fmt(v) for v in row) + " " + fmt(target) + "\n")


def svr_fixture(name, data, kernel, c, epsilon, gamma):
    x_train, y_train, x_test, _ = data
    scaler = StandardScaler().fit(x_train)  # population std (ddof = 0)
    y_mean, y_std = y_train.mean(), y_train.std()
    model = SVR(kernel=kernel, C=c, epsilon=epsilon, gamma=gamma, tol=1e-3, shrinking=True)
    model.fit(scaler.transform(x_train), (y_train - y_mean) / y_std)
    predicted = model.predict(scaler.transform(x_test)) * y_std + y_mean
    settings = [("kernel", kernel), ("C", fmt(c)), ("epsilon", fmt(epsilon)),
                ("gamma", gamma if gamma == "scale" else fmt(gamma))]
    write_case(os.path.join(OUT, "svr-%s.txt" % name), settings, x_train, y_train, x_test, predicted)
    return len(model.support_)


def linear_fixtures(sets):
    for name in ["powerlaw", "three"]:
        x_train, y_train, x_test, _ = sets[name]
        model = LinearRegression().fit(x_train, y_train)
        write_case(os.path.join(OUT, "linear-%s.txt" % name), [("intercept", fmt(model.intercept_))],
                   x_train, y_train, x_test, model.predict(x_test))
        scaler = StandardScaler().fit(x_train)
        poly = PolynomialFeatures(2, include_bias=False)
        z_train = poly.fit_transform(scaler.transform(x_train))
        model = LinearRegression().fit(z_train, y_train)
        predicted = model.predict(poly.transform(scaler.transform(x_test)))
        write_case(os.path.join(OUT, "poly2-%s.txt" % name), [("degree", 2)],
                   x_train, y_train, x_test, predicted)


def metrics_fixture(sets):
    rng = np.random.default_rng(7)
    with open(os.path.join(OUT, "metrics.txt"), "w") as f:
        f.write("# written by scripts/golden-sklearn/make_fixtures.py with scikit-learn %s\n" % sklearn.__version__)
        f.write("# per case: 'case N r2 mse', then N lines 'y_true y_pred'\n")
        cases = []
        for name, (_, _, _, y_test) in sets.items():
            cases.append((name + "-close", y_test, y_test * np.exp(rng.normal(0, 0.1, len(y_test)))))
            cases.append((name + "-poor", y_test, rng.permutation(y_test)))
        cases.append(("negative-r2", np.array([1.0, 2.0, 3.0, 4.0]), np.array([4.0, 1.0, 5.0, -2.0])))
        for name, y_true, y_pred in cases:
            f.write("case %d %s %s %s\n" % (len(y_true), fmt(r2_score(y_true, y_pred)),
                                             fmt(mean_squared_error(y_true, y_pred)), name))
            for a, b in zip(y_true, y_pred):
                f.write("%s %s\n" % (fmt(a), fmt(b)))


def main():
    os.makedirs(OUT, exist_ok=True)
    sets = datasets()
    for name, data_name, kernel, c, epsilon, gamma in SVR_CASES:
        n_sv = svr_fixture(name, sets[data_name], kernel, c, epsilon, gamma)
        print("svr-%s: %d support vectors" % (name, n_sv))
    linear_fixtures(sets)
    metrics_fixture(sets)
    print("fixtures written to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
