import Testing
@testable import SynapseTensor

/// `PythonFormat` against values computed with CPython (`'{:.4f}'`, `'{:.4e}'`, `'{:.0f}'`, `repr`).
@Suite("Printing: Python number formatting")
struct PrintingNumberFormatTests {
    /// (value, '{:.4f}', '{:.4e}', '{:.0f}') from CPython 3.11.
    static let formatted: [(Double, String, String, String)] = [
        (0.0, "0.0000", "0.0000e+00", "0"),
        (-0.0, "-0.0000", "-0.0000e+00", "-0"),
        (0.03125, "0.0312", "3.1250e-02", "0"),
        (0.09375, "0.0938", "9.3750e-02", "0"),
        (5e-05, "0.0001", "5.0000e-05", "0"),
        (0.00015, "0.0001", "1.5000e-04", "0"),
        (0.00025, "0.0003", "2.5000e-04", "0"),
        (-1e-05, "-0.0000", "-1.0000e-05", "-0"),
        (2.5, "2.5000", "2.5000e+00", "2"),
        (0.5, "0.5000", "5.0000e-01", "0"),
        (1.5, "1.5000", "1.5000e+00", "2"),
        (-2.5, "-2.5000", "-2.5000e+00", "-2"),
        (9.99995, "10.0000", "1.0000e+01", "10"),
        (99999.99995, "99999.9999", "1.0000e+05", "100000"),
        (1e-300, "0.0000", "1.0000e-300", "0"),
        (Double.leastNonzeroMagnitude, "0.0000", "4.9407e-324", "0"),
        (1.7976931348623157e+308, "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0000", "1.7977e+308", "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"),
        (1e+16, "10000000000000000.0000", "1.0000e+16", "10000000000000000"),
        (123456789.123, "123456789.1230", "1.2346e+08", "123456789"),
        (0.1, "0.1000", "1.0000e-01", "0"),
        (1.03125, "1.0312", "1.0312e+00", "1"),
        (9.9999e-05, "0.0001", "9.9999e-05", "0"),
        (9.99995e-05, "0.0001", "9.9999e-05", "0"),
        (1e+100, "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104.0000", "1.0000e+100", "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104"),
        (3 * Double.leastNonzeroMagnitude, "0.0000", "1.4822e-323", "0"),
        (12345.678, "12345.6780", "1.2346e+04", "12346"),
        (1e+22, "10000000000000000000000.0000", "1.0000e+22", "10000000000000000000000"),
        (1e+23, "99999999999999991611392.0000", "1.0000e+23", "99999999999999991611392"),
        (-3.25e-07, "-0.0000", "-3.2500e-07", "-0"),
        (0.30000000000000004, "0.3000", "3.0000e-01", "0"),
    ]

    /// (value, repr(value)) from CPython 3.11.
    static let reprs: [(Double, String)] = [
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.0, "1.0"),
        (3.0, "3.0"),
        (-2.5, "-2.5"),
        (0.1, "0.1"),
        (1e-05, "1e-05"),
        (0.0001, "0.0001"),
        (0.0001234, "0.0001234"),
        (1000000000000000.0, "1000000000000000.0"),
        (1e+16, "1e+16"),
        (1.5e+16, "1.5e+16"),
        (123456789.0, "123456789.0"),
        (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e+308, "1.7976931348623157e+308"),
        (0.30000000000000004, "0.30000000000000004"),
        (3.0000000000000004e-05, "3.0000000000000004e-05"),
        (0.001, "0.001"),
        (100.0, "100.0"),
        (1.152921504606847e+18, "1.152921504606847e+18"),
        (1e+22, "1e+22"),
        (5e-05, "5e-05"),
    ]

    @Test("'{:.4f}', '{:.4e}' and '{:.0f}' match CPython, halfway cases rounded to even")
    func fixedAndScientific() {
        for (value, fixed4, scientific4, fixed0) in Self.formatted {
            #expect(PythonFormat.fixed(value, precision: 4) == fixed4, "{:.4f} of \(value)")
            #expect(PythonFormat.scientific(value, precision: 4) == scientific4, "{:.4e} of \(value)")
            #expect(PythonFormat.fixed(value, precision: 0) == fixed0, "{:.0f} of \(value)")
        }
    }

    @Test("repr matches CPython's shortest round-trip form")
    func repr() {
        for (value, expected) in Self.reprs {
            #expect(PythonFormat.repr(value) == expected, "repr of \(value)")
        }
    }

    @Test("non-finite values print as Python spells them")
    func nonFinite() {
        let negativeNaN = -Double.nan
        for format in [{ PythonFormat.fixed($0, precision: 4) }, { PythonFormat.scientific($0, precision: 4) },
                       { PythonFormat.fixed($0, precision: 0) }, PythonFormat.repr] as [(Double) -> String] {
            #expect(format(.nan) == "nan")
            #expect(format(negativeNaN) == "nan")
            #expect(format(.infinity) == "inf")
            #expect(format(-.infinity) == "-inf")
        }
    }

    @Test("other precisions")
    func otherPrecisions() {
        // '{:.2f}'.format(0.125), '{:.2f}'.format(0.375), '{:.1e}'.format(0.25), '{:.0e}'.format(2.5e-7), '{:.6f}'.format(1/3)
        #expect(PythonFormat.fixed(0.125, precision: 2) == "0.12")
        #expect(PythonFormat.fixed(0.375, precision: 2) == "0.38")
        #expect(PythonFormat.scientific(0.25, precision: 1) == "2.5e-01")
        #expect(PythonFormat.scientific(2.5e-7, precision: 0) == "2e-07")
        #expect(PythonFormat.fixed(1.0 / 3.0, precision: 6) == "0.333333")
    }

    @Test("exact decimal expansion and half-to-even rounding of digit strings")
    func exactDecimal() {
        let eighth = ExactDecimal(magnitudeOf: -0.125)
        #expect(eighth.digits == [1, 2, 5] && eighth.exponent == -3)
        let big = ExactDecimal(magnitudeOf: 1024)
        #expect(big.digits == [1, 0, 2, 4] && big.exponent == 0)
        #expect(ExactDecimal(magnitudeOf: 0).digits.isEmpty)
        #expect(roundedHalfToEven([1, 2, 5], keep: 2) == [1, 2])
        #expect(roundedHalfToEven([1, 3, 5], keep: 2) == [1, 4])
        #expect(roundedHalfToEven([1, 2, 5, 1], keep: 2) == [1, 3])
        #expect(roundedHalfToEven([9, 9, 5], keep: 2) == [1, 0, 0])
        #expect(roundedHalfToEven([5], keep: 0) == [])
        #expect(roundedHalfToEven([5, 1], keep: 0) == [1])
        #expect(roundedHalfToEven([7], keep: 3) == [7, 0, 0])
    }
}
