package org.ecdkit.model.torchscript;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ecdkit.core.error.EcdkitException;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.Printable;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.core.report.Finding;
import org.ecdkit.core.zip.ZipArchive;
import org.ecdkit.core.zip.ZipEntryInfo;
import org.ecdkit.core.zip.ZipLimits;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspector;
import org.ecdkit.model.ModelSource;
import org.ecdkit.model.Recognition;

/**
 * Inspects TorchScript archives ({@code torch.jit.save}, usually .pt or .pth): a zip whose entries
 * share one top folder holding {@code data.pkl} (the module tree, pickled), {@code code/} (the
 * modules' TorchScript source), {@code constants.pkl}, {@code version} and tensor data. What the
 * archive records is read: the top module's class (the first class data.pkl loads), the parameters
 * and return type of its {@code forward} (from its source), PyTorch's version when extra/ has it.
 * TorchScript records no tensor shapes or element types; the converter takes them from the class
 * info and marks them declared.
 *
 * <p>Files that look like PyTorch but are not TorchScript are recognised so they can be refused by
 * name: torch.save checkpoints (the same zip layout without code/), legacy torch.save pickles, and
 * TorchScript's PyTorch 1.0 to 1.3 layout (model.json).
 */
public final class TorchScriptInspector implements ModelInspector {

    private static final int MAX_PICKLE_HEAD = 64 << 10;
    private static final int MAX_SOURCE = 16 << 20;
    private static final int MAX_SMALL_FILE = 4096;
    private static final TensorLayout NOT_RECORDED = new TensorLayout(Layout.UNKNOWN, Confidence.GUESSED,
            "TorchScript records none; converting declares it from the class info");

    @Override
    public ModelFormat format() {
        return ModelFormat.TORCHSCRIPT;
    }

    @Override
    public Set<String> extensions() {
        return Set.of("pt", "pth", "torchscript", "ptl");
    }

    @Override
    public Recognition recognise(ModelSource source) {
        if (source.directory()) {
            return Recognition.NONE;
        }
        if (PickleHead.isLegacyTorchSave(source.head())) {
            return Recognition.byMagic("torch.save's legacy magic number");
        }
        if (!ZipArchive.looksLikeZip(source.head())) {
            return Recognition.NONE;
        }
        try (ZipArchive archive = ZipArchive.open(source.path(), ZipLimits.MODEL_PACKAGES)) {
            return layout(archive).isPresent() ? Recognition.byStructure("a zip with data.pkl or model.json and code/")
                    : Recognition.NONE;
        } catch (EcdkitException e) {
            return extensions().contains(source.extension()) ? Recognition.byName("." + source.extension()) : Recognition.NONE;
        }
    }

    /** The archive's top folder ("water-deploy/") and which PyTorch layout it has. */
    private record ArchiveLayout(String prefix, boolean code, boolean legacyJson) {
    }

    private static Optional<ArchiveLayout> layout(ZipArchive archive) {
        for (String name : archive.names()) {
            int slash = name.indexOf('/');
            String prefix = slash < 0 ? "" : name.substring(0, slash + 1);
            if (name.equals(prefix + "data.pkl") || name.equals(prefix + "model.json")) {
                boolean code = archive.names().stream().anyMatch(n -> n.startsWith(prefix + "code/"));
                return Optional.of(new ArchiveLayout(prefix, code, name.endsWith("model.json")));
            }
        }
        return Optional.empty();
    }

    @Override
    public Inspection inspect(ModelSource source, InspectOptions options) {
        Path file = source.path();
        if (PickleHead.isLegacyTorchSave(source.head())) {
            throw new UnsupportedInputException(Place.of(file), "a PyTorch checkpoint in torch.save's legacy pickle format "
                    + "(before PyTorch 1.6): weights and pickled Python objects, not a model ecdkit can describe; "
                    + "export the model with torch.jit.script(model).save(...) or torch.onnx.export");
        }
        try (ZipArchive archive = ZipArchive.open(file, ZipLimits.MODEL_PACKAGES)) {
            ArchiveLayout layout = layout(archive).orElseThrow(() -> new InvalidInputException(Place.of(file),
                    "a zip without data.pkl: not a TorchScript archive"));
            if (layout.legacyJson()) {
                throw new UnsupportedInputException(Place.in(file, layout.prefix() + "model.json"), "a TorchScript archive "
                        + "in the PyTorch 1.0 to 1.3 layout (model.json); load it with a newer PyTorch and save it again");
            }
            if (!layout.code()) {
                throw new UnsupportedInputException(Place.of(file), "a PyTorch checkpoint (torch.save), not TorchScript: "
                        + "it holds weights and pickled Python objects but not the model's code; export the model with "
                        + "torch.jit.script(model).save(...) or torch.onnx.export");
            }
            return inspect(source, archive, layout.prefix());
        }
    }

    private Inspection inspect(ModelSource source, ZipArchive archive, String prefix) {
        Path file = source.path();
        ZipEntryInfo data = archive.entry(prefix + "data.pkl").orElseThrow();
        String topClass = PickleHead.firstClass(archive.readPrefix(data, MAX_PICKLE_HEAD))
                .orElseThrow(() -> new InvalidInputException(Place.in(file, prefix + "data.pkl"),
                        "does not start with a module class, as TorchScript's does"));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("module", topClass);
        small(archive, prefix + "version").ifPresent(v -> properties.put("format_version", v));
        small(archive, prefix + "extra/torch_version").ifPresent(v -> properties.put("torch_version", v));
        small(archive, prefix + "byteorder").ifPresent(v -> properties.put("byteorder", v));
        List<String> notes = new ArrayList<>();
        notes.add("TorchScript records no tensor shapes or element types: converting takes them from the class info "
                + "and marks them declared");
        List<Finding> findings = new ArrayList<>();
        Optional<ForwardSignature> forward = forward(archive, prefix, topClass);
        List<TensorSpec> inputs = new ArrayList<>();
        List<TensorSpec> outputs = new ArrayList<>();
        if (forward.isEmpty()) {
            findings.add(Finding.warning("no-forward", file + ": the source of " + Printable.quoted(topClass)
                    + " has no forward method ecdkit can read; inputs and outputs are unknown"));
        } else {
            for (ForwardSignature.Parameter parameter : forward.get().parameters()) {
                inputs.add(unrecorded(parameter.name()));
                if (!parameter.type().equals("Tensor")) {
                    notes.add("input " + Printable.quoted(parameter.name()) + " is " + parameter.type() + ", not a Tensor");
                }
            }
            List<String> returned = forward.get().returnedTypes();
            for (int i = 0; i < returned.size(); i++) {
                outputs.add(unrecorded(returned.size() == 1 ? "output" : "output_" + i));
                if (!returned.get(i).equals("Tensor")) {
                    notes.add("output " + i + " is " + returned.get(i) + ", not a Tensor");
                }
            }
            notes.add("forward(" + String.join(", ", forward.get().parameters().stream()
                    .map(p -> p.name() + ": " + p.type()).toList()) + ") -> " + forward.get().returns());
        }
        String producer = properties.containsKey("torch_version") ? "PyTorch " + properties.get("torch_version") : "PyTorch";
        ModelSignature signature = new ModelSignature(ModelFormat.TORCHSCRIPT, "TorchScript archive version "
                + properties.getOrDefault("format_version", "?"), producer, inputs, outputs, properties, notes);
        return new Inspection(signature, file, source.base(), List.of(source.fileName()), findings);
    }

    private static TensorSpec unrecorded(String name) {
        return TensorSpec.read(name, ElementType.UNKNOWN, Shape.unknownRank(), NOT_RECORDED);
    }

    /** The forward method in code/&lt;module path&gt;.py, where TorchScript writes the class's source. */
    private static Optional<ForwardSignature> forward(ZipArchive archive, String prefix, String qualifiedClass) {
        int dot = qualifiedClass.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String module = qualifiedClass.substring(0, dot);
        String className = qualifiedClass.substring(dot + 1);
        Optional<ZipEntryInfo> code = archive.entry(prefix + "code/" + module.replace('.', '/') + ".py");
        if (code.isEmpty()) {
            return Optional.empty();
        }
        String text = new String(archive.read(code.get(), MAX_SOURCE), StandardCharsets.UTF_8);
        return ForwardSignature.find(text, className);
    }

    private static Optional<String> small(ZipArchive archive, String name) {
        return archive.entry(name).filter(e -> e.size() <= MAX_SMALL_FILE)
                .map(e -> archive.readText(e, MAX_SMALL_FILE).strip());
    }
}
