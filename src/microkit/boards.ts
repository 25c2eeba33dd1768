// What ostoo knows about particular Microkit boards: how QEMU runs the ones it simulates (the
// commands of Microkit's manual, "QEMU virt (AArch64)" and "QEMU virt (RISC-V 64-bit)").
const qemuCommands: Record<string, (image: string) => string> = {
  qemu_virt_aarch64: (image) =>
    `qemu-system-aarch64 -machine virt,virtualization=on -cpu cortex-a53 -nographic -serial mon:stdio -device loader,file=${image},addr=0x70000000,cpu-num=0 -m size=2G`,
  qemu_virt_riscv64: (image) =>
    `qemu-system-riscv64 -machine virt -nographic -serial mon:stdio -kernel ${image} -m size=2G`,
};

/** The QEMU command line for `board` booting `image` (Make text), if QEMU simulates it. */
export function qemuCommand(board: string, image: string): string | undefined {
  return Object.hasOwn(qemuCommands, board) ? qemuCommands[board]!(image) : undefined;
}
