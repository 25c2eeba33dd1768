/* Linkable copies of microkit.h's static inline functions, for the Rust crate `microkit`. */
#include <microkit.h>

void ostoo_microkit_notify(microkit_channel ch) { microkit_notify(ch); }
void ostoo_microkit_deferred_notify(microkit_channel ch) { microkit_deferred_notify(ch); }
void ostoo_microkit_irq_ack(microkit_channel ch) { microkit_irq_ack(ch); }
void ostoo_microkit_deferred_irq_ack(microkit_channel ch) { microkit_deferred_irq_ack(ch); }
microkit_msginfo ostoo_microkit_ppcall(microkit_channel ch, microkit_msginfo msginfo) { return microkit_ppcall(ch, msginfo); }
microkit_msginfo ostoo_microkit_msginfo_new(seL4_Word label, seL4_Uint16 count) { return microkit_msginfo_new(label, count); }
seL4_Word ostoo_microkit_msginfo_get_label(microkit_msginfo msginfo) { return microkit_msginfo_get_label(msginfo); }
seL4_Word ostoo_microkit_msginfo_get_count(microkit_msginfo msginfo) { return microkit_msginfo_get_count(msginfo); }
void ostoo_microkit_mr_set(seL4_Uint8 mr, seL4_Word value) { microkit_mr_set(mr, value); }
seL4_Word ostoo_microkit_mr_get(seL4_Uint8 mr) { return microkit_mr_get(mr); }
const char *ostoo_microkit_name(void) { return microkit_name; }
