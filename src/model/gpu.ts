import { checkArgs } from './guard';

/**
 * A GPU device passed through to worker VMs (`nodeGroups.<group>.gpus[].name`).
 *
 * Any device name the platform's KubeVirt permits can be given with `Gpu.of()`.
 * The NVIDIA driver needs at least 4 GiB of RAM on the node; the node group checks that.
 */
export class Gpu {
  /** NVIDIA L40S. */
  public static readonly NVIDIA_L40S = new Gpu('nvidia.com/AD102GL_L40S');
  /** NVIDIA A100 80 GB PCIe. */
  public static readonly NVIDIA_A100_80GB_PCIE = new Gpu('nvidia.com/GA100_A100_PCIE_80GB');
  /** NVIDIA H100 94 GB. */
  public static readonly NVIDIA_H100_94GB = new Gpu('nvidia.com/H100_94GB');

  /**
   * A device by its KubeVirt permitted-host-device name, e.g. `nvidia.com/AD102GL_L40S`.
   *
   * @param deviceName the permitted-host-device name
   */
  public static of(deviceName: string): Gpu {
    checkArgs('Gpu.of', 'Gpu', 'of', [deviceName]);
    return new Gpu(deviceName);
  }

  /**
   * @param deviceName the KubeVirt permitted-host-device name, e.g. `nvidia.com/AD102GL_L40S`
   */
  private constructor(public readonly deviceName: string) {}
}
