// What the widgets' ESM files share by concatenation: widgets/_views.py prepends printf.js to
// number_input.js and slider.js, so at run time they are one module and `printf` is in scope.
declare function printf(value: number, format: string): string;
