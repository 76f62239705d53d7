package org.ecdkit.interop;

import java.nio.file.Path;
import java.util.List;
import org.ecdkit.core.report.Finding;
import org.ecdkit.format.classinfo.ClassInfo;

/**
 * What a model description file gives the converter: the class info (classes, bands, batch, tiling
 * settings, pass-through keys), where it says the model is, and what was noticed reading it.
 *
 * @param format    the kind of file
 * @param file      the file as the user named it
 * @param classInfo its content in the converter's terms; 0 bands when the file does not say
 * @param model     where the model is, as the file says
 * @param findings  what was noticed
 */
public record ModelDescription(DescriptionFormat format, Path file, ClassInfo classInfo, ModelLocation model,
        List<Finding> findings) {

    public ModelDescription {
        findings = List.copyOf(findings);
    }
}
