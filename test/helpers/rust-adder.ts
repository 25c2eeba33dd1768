// Upstream adder's C Adder, ported to Rust: the body the boot tests (CMake and Kbuild) fill in
// after `ostoo camkes-component rustadder --replace adder`.

/** Upstream adder's Adder, ported to Rust: the sum of the client's payload, read and written in the shared dataport. */
export const rustAdderBody = `//! \`provides Addition a;\`: the client's payload (\`struct payload { int sz; int operands[100];
//! int result; }\`) arrives in the shared dataport \`d\`; the sum goes back at byte 2048.

use crate::camkes;
use crate::camkes::types::*;

impl crate::camkes::a::Addition for crate::Component {
    fn calculate(ptr: dataport_ptr_t) -> dataport_ptr_t {
        let d = camkes::d::dataport();
        let at = d.unwrap(ptr).expect("the payload is in d");
        let name = camkes::instance_name().to_str().unwrap_or("adder");
        let sz: i32 = d.read_at(at);
        let mut sum = 0i32;
        for i in 0..sz as usize {
            let x: i32 = d.read_at(at + 4 + 4 * i);
            println!("{name}: Adding {x}");
            sum += x;
        }
        d.write_at(2048 + 4 + 4 * 100, sum);
        d.wrap(2048)
    }
}
`;
