package org.ecdkit.model.torchscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.core.model.ModelSignature;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.SystemFixtures;
import org.ecdkit.model.fixture.TorchScriptArchiveBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptInspectorTest {

    @TempDir
    Path dir;

    private static Inspection inspect(Path model) {
        return ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT);
    }

    @Test
    void readsWhatTheArchiveRecordsAndSaysShapesAreNot() throws Exception {
        Path file = TorchScriptArchiveBuilder.segmenter().write(dir.resolve("segmenter.pt"));
        ModelSignature signature = inspect(file).signature();
        assertEquals(ModelFormat.TORCHSCRIPT, signature.format());
        assertEquals("TorchScript archive version 3", signature.formatVersion());
        assertEquals("PyTorch 2.1.0", signature.producer());
        assertEquals("__torch__.segmentation.Segmenter", signature.properties().get("module"));
        assertEquals(List.of("image"), signature.inputs().stream().map(TensorSpec::name).toList());
        assertEquals(List.of("output"), signature.outputs().stream().map(TensorSpec::name).toList());
        TensorSpec image = signature.inputs().get(0);
        assertEquals(ElementType.UNKNOWN, image.type());
        assertEquals(Shape.unknownRank(), image.shape());
        assertTrue(signature.notes().contains("forward(image: Tensor) -> Tensor"), signature.notes().toString());
        assertTrue(signature.notes().get(0).startsWith("TorchScript records no tensor shapes"));
    }

    @Test
    void tupleReturnsAreSeveralOutputsAndOtherTypesAreNamed() {
        String code = "class Net(Module):\n  def forward(self: __torch__.m.Net,\n    x: Tensor,\n    scale: float=1.) "
                + "-> Tuple[Tensor, Dict[str, Tensor]]:\n    return (x, {})\n";
        ForwardSignature forward = ForwardSignature.find(code, "Net").orElseThrow();
        assertEquals(List.of(new ForwardSignature.Parameter("x", "Tensor"), new ForwardSignature.Parameter("scale", "float")),
                forward.parameters());
        assertEquals(List.of("Tensor", "Dict[str, Tensor]"), forward.returnedTypes());
        assertEquals(Optional.empty(), ForwardSignature.find(code, "Other"));
    }

    @Test
    void theFirstClassIsReadFromProtocol2And4Pickles() {
        assertEquals(Optional.of("__torch__.a.b.Net"), PickleHead.firstClass(TorchScriptArchiveBuilder.modulePickle("__torch__.a.b", "Net")));
        assertEquals(Optional.of("__torch__.a.Net"), PickleHead.firstClass(TorchScriptArchiveBuilder.protocol4Pickle("__torch__.a", "Net")));
        assertEquals(Optional.empty(), PickleHead.firstClass(new byte[] {(byte) 0x80, 2, '}', '.'}));
        assertEquals(Optional.empty(), PickleHead.firstClass(new byte[] {(byte) 0x80, 2, 'c', 'x'}), "truncated GLOBAL");
    }

    @Test
    void aTorchSaveCheckpointIsRefusedAsNotTorchScript() throws Exception {
        Path file = TorchScriptArchiveBuilder.checkpoint().write(dir.resolve("weights.pth"));
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class, () -> inspect(file));
        assertTrue(e.getMessage().startsWith(file + ": a PyTorch checkpoint (torch.save), not TorchScript"), e.getMessage());
    }

    @Test
    void aLegacyTorchSavePickleIsRefusedByName() throws Exception {
        byte[] bytes = new byte[64];
        bytes[0] = (byte) 0x80;
        bytes[1] = 2;
        System.arraycopy(PickleHead.LEGACY_TORCH_MAGIC, 0, bytes, 2, PickleHead.LEGACY_TORCH_MAGIC.length);
        Path file = Files.write(dir.resolve("old.pth"), bytes);
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class, () -> inspect(file));
        assertTrue(e.getMessage().contains("torch.save's legacy pickle format"), e.getMessage());
    }

    @Test
    void theOldModelJsonLayoutIsRefusedByName() throws Exception {
        Path file = new TorchScriptArchiveBuilder("net").text("model.json", "{}").text("code/net.py", "")
                .write(dir.resolve("net.pt"));
        UnsupportedInputException e = assertThrows(UnsupportedInputException.class, () -> inspect(file));
        assertTrue(e.getMessage().contains("PyTorch 1.0 to 1.3 layout"), e.getMessage());
    }

    @Test
    void aDataPickleThatDoesNotNameAModuleIsInvalid() throws Exception {
        Path file = new TorchScriptArchiveBuilder("m").entry("data.pkl", new byte[] {(byte) 0x80, 2, '}', '.'})
                .text("code/m.py", "").write(dir.resolve("m.pt"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inspect(file));
        assertTrue(e.getMessage().endsWith("m/data.pkl: does not start with a module class, as TorchScript's does"));
    }

    /**
     * NequIP's water potential as Debian's cp2k-data ships it: a TorchScript archive written by
     * PyTorch 1.12 (its extra/torch_version), whose top module RescaleOutput maps a dictionary of
     * tensors to another; the truth is the archive's own files, as unzip lists them.
     */
    @Test
    void aRealTorchScriptModelFromDebian() {
        Path model = SystemFixtures.debianFile("cp2k-data", "usr/share/cp2k/NequIP/water.pth");
        ModelSignature signature = inspect(model).signature();
        assertEquals(ModelFormat.TORCHSCRIPT, signature.format());
        assertEquals("PyTorch 1.12.0+cu102", signature.producer());
        assertEquals("TorchScript archive version 4", signature.formatVersion());
        assertEquals("__torch__.nequip.nn._rescale.RescaleOutput", signature.properties().get("module"));
        assertEquals(List.of("data"), signature.inputs().stream().map(TensorSpec::name).toList());
        assertTrue(signature.notes().contains("input \"data\" is Dict[str, Tensor], not a Tensor"), signature.notes().toString());
        assertTrue(signature.notes().contains("forward(data: Dict[str, Tensor]) -> Dict[str, Tensor]"));
    }
}
