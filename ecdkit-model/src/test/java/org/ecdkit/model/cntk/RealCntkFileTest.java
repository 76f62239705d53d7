package org.ecdkit.model.cntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.CNTK.DeviceDescriptor;
import com.microsoft.CNTK.Function;
import com.microsoft.CNTK.ModelFormat;
import java.nio.file.Path;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.TensorSpec;
import org.ecdkit.model.InspectOptions;
import org.ecdkit.model.Inspection;
import org.ecdkit.model.ModelInspectors;
import org.ecdkit.model.fixture.SystemFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CNTK v2 file written by CNTK 2.4 itself (its Java binding, test scope): PyTorch's Conv2d test
 * model from Debian's libonnx-testdata, imported by CNTK's ONNX importer and saved. CNTK's importer
 * makes the convolution's weights a Constant, not a Parameter; the inspector once reported this
 * model's output as of unknown rank.
 */
class RealCntkFileTest {

    @Test
    void aModelCntkImportedFromOnnxInspectsWithItsClasses(@TempDir Path dir) {
        Path onnx = SystemFixtures.require(SystemFixtures.ONNX_TEST_DATA, "libonnx-testdata")
                .resolve("pytorch-converted/test_Conv2d/model.onnx");
        Path model = dir.resolve("conv.model");
        Function function = Function.load(onnx.toString(), DeviceDescriptor.getCPUDevice(), ModelFormat.ONNX);
        function.save(model.toString());
        Inspection inspection = ModelInspectors.standard().inspect(model, InspectOptions.DEFAULT);
        assertEquals(org.ecdkit.core.model.ModelFormat.CNTK_V2, inspection.signature().format());
        TensorSpec input = inspection.signature().inputs().get(0);
        assertEquals("[3, 7, 5]", input.shape().toString());
        TensorSpec output = inspection.signature().outputs().get(0);
        assertEquals("[4, 7, 5]", output.shape().toString(), output.toString());
        assertEquals(Layout.CHW, output.layout().layout());
        assertEquals(4, output.channels());
        assertTrue(output.layout().reason().contains("the last convolution's filters are the classes"), output.layout().reason());
    }
}
