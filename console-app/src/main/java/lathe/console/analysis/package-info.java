/**
 * Measures finished programme material to the broadcast standards: loudness (ITU-R BS.1770-4, EBU
 * R128, loudness range after EBU Tech 3342), true peak and sample peak, for {@code lathe analyze}
 * and the reports of {@code lathe master}.
 */
package lathe.console.analysis;
