/**
 * Reads and writes WAV and AIFF files in a streaming way for offline mastering and printing.
 *
 * <p>{@link lathe.console.audio.file.AudioFileReader} decodes WAV (PCM, IEEE float, extensible,
 * RF64) and AIFF / AIFF-C into 64-bit floating point, one small reusable buffer at a time. {@link
 * lathe.console.audio.file.AudioFileWriter} writes WAV to a temporary file next to the target and
 * renames it over the target only on commit, so a crash leaves either the old or the new file.
 * Every problem with a file ends as an {@link lathe.console.audio.file.AudioFileException} whose
 * message is one line naming the file.
 */
package lathe.console.audio.file;
